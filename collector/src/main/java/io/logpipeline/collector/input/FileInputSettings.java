package io.logpipeline.collector.input;

import io.logpipeline.collector.input.discovery.PodLogPath;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Immutable settings of the file input, in plain Java types (the CRD's InputSpec is mapped onto
 * this by a factory outside this package).
 */
public final class FileInputSettings {

    /** Where reading starts in a file that has no checkpoint and was present at the first poll. */
    public enum StartAt { END, BEGINNING }

    /** How lines are framed; {@code AUTO} decides per file from its first line. */
    public enum Format { AUTO, CRI, DOCKER, RAW }

    /** The container output stream a line was written to. */
    public enum Stream {
        STDOUT("stdout"), STDERR("stderr");

        private final String attributeValue;

        Stream(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        /** The value of the {@code log.iostream} attribute. */
        public String attributeValue() {
            return attributeValue;
        }
    }

    /** Include/exclude lists of exact names; an empty include list admits every name. */
    public record NameFilter(List<String> include, List<String> exclude) {

        public static final NameFilter ALL = new NameFilter(List.of(), List.of());

        public NameFilter {
            include = List.copyOf(include);
            exclude = List.copyOf(exclude);
        }

        /** Whether {@code name} passes; an unknown name (null) passes only when nothing is included explicitly. */
        public boolean admits(String name) {
            if (name == null) {
                return include.isEmpty();
            }
            return (include.isEmpty() || include.contains(name)) && !exclude.contains(name);
        }
    }

    /**
     * Multiline joining: a record starts at a line matching {@code firstLinePattern} (found anywhere,
     * so anchor it with {@code ^}); other lines are appended; a pending record is flushed after
     * {@code flushAfter} without a new line or when it reaches {@code maxLines}.
     */
    public record Multiline(Pattern firstLinePattern, int maxLines, Duration flushAfter) {

        // Continuation lines of a Java stack trace: indented frames, "Caused by:", "... 3 more".
        private static final String JAVA = "^(?!\\s|Caused by: |Suppressed: |\\.\\.\\. \\d+ more)";
        // A Python traceback continues with indented lines and ends with "SomeError: message".
        private static final String PYTHON = "^(?!\\s|Traceback |During handling |The above exception "
                + "|[A-Za-z_][\\w.]*(Error|Exception|Warning|Exit|Interrupt)\\b)";
        // A Go panic continues with blank lines, goroutine headers, function lines and tab-indented files.
        private static final String GO = "^(?!\\s|$|goroutine \\d+ \\[|[\\w./*()-]+\\(.*\\)$|created by "
                + "|\\[signal |exit status )";
        private static final Map<String, String> PRESETS = Map.of("java", JAVA, "python", PYTHON, "go", GO);

        public Multiline {
            Objects.requireNonNull(firstLinePattern, "multiline.firstLinePattern");
            if (maxLines < 1) {
                throw new IllegalArgumentException("multiline.maxLines: must be at least 1, was " + maxLines);
            }
            if (flushAfter.isNegative() || flushAfter.isZero()) {
                throw new IllegalArgumentException("multiline.flushAfter: must be positive, was " + flushAfter);
            }
        }

        /** A preset by name ({@code java}, {@code python}, {@code go}) with the given limits. */
        public static Multiline preset(String name, int maxLines, Duration flushAfter) {
            String pattern = PRESETS.get(name);
            if (pattern == null) {
                throw new IllegalArgumentException("multiline.preset: unknown preset \"" + name
                        + "\"; use one of java, python, go or give a firstLinePattern");
            }
            return new Multiline(Pattern.compile(pattern), maxLines, flushAfter);
        }
    }

    private final List<String> includePaths;
    private final List<String> excludePaths;
    private final NameFilter namespaces;
    private final NameFilter pods;
    private final NameFilter containers;
    private final Predicate<PodLogPath> podFilter;
    private final Set<Stream> streams;
    private final StartAt startAt;
    private final Format format;
    private final Multiline multiline;
    private final long maxLogSize;
    private final int maxConcurrentFiles;
    private final Duration pollInterval;
    private final Duration partialFlushAfter;
    private final Path checkpointDirectory;
    private final boolean includeFilePath;
    private final int readBufferSize;

    private FileInputSettings(Builder b) {
        if (b.includePaths.isEmpty()) {
            throw new IllegalArgumentException("input.paths.include: give at least one glob, e.g. /var/log/pods/*/*/*.log");
        }
        if (b.streams.isEmpty()) {
            throw new IllegalArgumentException("input.streams: give stdout, stderr or both");
        }
        if (b.maxLogSize < 16) {
            throw new IllegalArgumentException("input.maxLogSize: must be at least 16 bytes, was " + b.maxLogSize);
        }
        if (b.maxConcurrentFiles < 1) {
            throw new IllegalArgumentException("input.maxConcurrentFiles: must be at least 1, was " + b.maxConcurrentFiles);
        }
        if (b.pollInterval.isNegative() || b.pollInterval.isZero()) {
            throw new IllegalArgumentException("input.pollInterval: must be positive, was " + b.pollInterval);
        }
        if (b.readBufferSize < 64) {
            throw new IllegalArgumentException("readBufferSize: must be at least 64 bytes, was " + b.readBufferSize);
        }
        this.includePaths = List.copyOf(b.includePaths);
        this.excludePaths = List.copyOf(b.excludePaths);
        this.namespaces = b.namespaces;
        this.pods = b.pods;
        this.containers = b.containers;
        this.podFilter = b.podFilter;
        this.streams = Set.copyOf(b.streams);
        this.startAt = b.startAt;
        this.format = b.format;
        this.multiline = b.multiline;
        this.maxLogSize = b.maxLogSize;
        this.maxConcurrentFiles = b.maxConcurrentFiles;
        this.pollInterval = b.pollInterval;
        this.partialFlushAfter = b.partialFlushAfter;
        this.checkpointDirectory = b.checkpointDirectory;
        this.includeFilePath = b.includeFilePath;
        this.readBufferSize = b.readBufferSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> includePaths() {
        return includePaths;
    }

    public List<String> excludePaths() {
        return excludePaths;
    }

    public NameFilter namespaces() {
        return namespaces;
    }

    public NameFilter pods() {
        return pods;
    }

    public NameFilter containers() {
        return containers;
    }

    /**
     * Asked at every poll, before a file of a kubelet-layout path is opened, whether its pod is to be read
     * (the podSelector, answered from the metadata cache); a tracked file no longer admitted is read to its
     * end and let go, like a removed one.
     */
    public Predicate<PodLogPath> podFilter() {
        return podFilter;
    }

    public Set<Stream> streams() {
        return streams;
    }

    public StartAt startAt() {
        return startAt;
    }

    public Format format() {
        return format;
    }

    /** Multiline joining, or null when every line is its own record. */
    public Multiline multiline() {
        return multiline;
    }

    /** Records longer than this many bytes are truncated (and counted). */
    public long maxLogSize() {
        return maxLogSize;
    }

    public int maxConcurrentFiles() {
        return maxConcurrentFiles;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** A CRI {@code P} / docker split record whose last part never comes is sent after this long. */
    public Duration partialFlushAfter() {
        return partialFlushAfter;
    }

    /** Directory of the checkpoint file; null disables checkpoints (tests and dry runs only). */
    public Path checkpointDirectory() {
        return checkpointDirectory;
    }

    public boolean includeFilePath() {
        return includeFilePath;
    }

    /** Initial size of the read buffer; it grows for longer lines up to about maxLogSize. */
    public int readBufferSize() {
        return readBufferSize;
    }

    /** Builder with the defaults of the LogPipeline API. */
    public static final class Builder {
        private List<String> includePaths = List.of("/var/log/pods/*/*/*.log");
        private List<String> excludePaths = List.of();
        private NameFilter namespaces = NameFilter.ALL;
        private NameFilter pods = NameFilter.ALL;
        private NameFilter containers = NameFilter.ALL;
        private Predicate<PodLogPath> podFilter = pod -> true;
        private Set<Stream> streams = EnumSet.allOf(Stream.class);
        private StartAt startAt = StartAt.END;
        private Format format = Format.AUTO;
        private Multiline multiline;
        private long maxLogSize = 1024 * 1024;
        private int maxConcurrentFiles = 1024;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration partialFlushAfter = Duration.ofSeconds(5);
        private Path checkpointDirectory;
        private boolean includeFilePath;
        private int readBufferSize = 64 * 1024;

        private Builder() {
        }

        public Builder includePaths(List<String> globs) {
            this.includePaths = List.copyOf(globs);
            return this;
        }

        public Builder excludePaths(List<String> globs) {
            this.excludePaths = List.copyOf(globs);
            return this;
        }

        public Builder namespaces(NameFilter filter) {
            this.namespaces = Objects.requireNonNull(filter);
            return this;
        }

        public Builder pods(NameFilter filter) {
            this.pods = Objects.requireNonNull(filter);
            return this;
        }

        public Builder containers(NameFilter filter) {
            this.containers = Objects.requireNonNull(filter);
            return this;
        }

        public Builder podFilter(Predicate<PodLogPath> filter) {
            this.podFilter = Objects.requireNonNull(filter);
            return this;
        }

        public Builder streams(Set<Stream> streams) {
            this.streams = streams.isEmpty() ? EnumSet.noneOf(Stream.class) : EnumSet.copyOf(streams);
            return this;
        }

        public Builder startAt(StartAt startAt) {
            this.startAt = Objects.requireNonNull(startAt);
            return this;
        }

        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format);
            return this;
        }

        public Builder multiline(Multiline multiline) {
            this.multiline = multiline;
            return this;
        }

        public Builder maxLogSize(long bytes) {
            this.maxLogSize = bytes;
            return this;
        }

        public Builder maxConcurrentFiles(int files) {
            this.maxConcurrentFiles = files;
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval);
            return this;
        }

        public Builder partialFlushAfter(Duration after) {
            this.partialFlushAfter = Objects.requireNonNull(after);
            return this;
        }

        public Builder checkpointDirectory(Path directory) {
            this.checkpointDirectory = directory;
            return this;
        }

        public Builder includeFilePath(boolean include) {
            this.includeFilePath = include;
            return this;
        }

        public Builder readBufferSize(int bytes) {
            this.readBufferSize = bytes;
            return this;
        }

        public FileInputSettings build() {
            return new FileInputSettings(this);
        }
    }
}
