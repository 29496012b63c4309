package io.logpipeline.collector.pipeline;

import io.logpipeline.api.regex.GoRegex;
import io.logpipeline.api.units.ByteSize;
import io.logpipeline.api.units.GoDuration;
import io.logpipeline.api.v1alpha1.IncludeExclude;
import io.logpipeline.api.v1alpha1.InputSpec;
import io.logpipeline.api.v1alpha1.MultilineSpec;
import io.logpipeline.collector.input.FileInputSettings;
import io.logpipeline.collector.input.discovery.PodLogPath;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** Maps the LogPipeline's {@code spec.input} onto the file input's settings: the one place durations and sizes are parsed for it. */
public final class FileInputSettingsFactory {

    private FileInputSettingsFactory() {
    }

    /**
     * @param readableNamespaces the namespaces the pipeline may read (tenancy); empty allows every namespace
     * @param checkpointDirectory where checkpoints are kept; null disables them
     * @param podFilter the podSelector, answered from the metadata cache (or {@code pod -> true})
     * @param hostRoot where the node's filesystem is ({@code --host-root}): every absolute include and exclude glob is
     *     resolved under it; null reads the globs as they are
     */
    public static FileInputSettings from(InputSpec input, List<String> readableNamespaces, Path checkpointDirectory,
            Predicate<PodLogPath> podFilter, Path hostRoot) {
        IncludeExclude paths = input.getPaths() == null ? new IncludeExclude() : input.getPaths();
        FileInputSettings.NameFilter namespaces = nameFilter(input.getNamespaces());
        if (readableNamespaces != null && !readableNamespaces.isEmpty()) {
            // Tenancy, whatever the globs say: only paths naming a readable namespace pass, before anything is
            // opened. A path that names no namespace (not /var/log/pods/<ns>_<pod>_<uid>/...) passes a filter with
            // an include list never, so it is refused too; the spec's own namespace filter still applies on top.
            FileInputSettings.NameFilter spec = namespaces;
            namespaces = new FileInputSettings.NameFilter(readableNamespaces, List.of());
            podFilter = podFilter.and(pod -> spec.admits(pod.namespace()));
        }
        FileInputSettings.Builder settings = FileInputSettings.builder()
                .includePaths(underHostRoot(hostRoot, orDefault(paths.getInclude(), List.of(InputSpec.DEFAULT_PATH_GLOB))))
                .excludePaths(underHostRoot(hostRoot, orDefault(paths.getExclude(), List.of())))
                .namespaces(namespaces)
                .containers(nameFilter(input.getContainers()))
                .podFilter(podFilter)
                .streams(streams(input.getStreams()))
                .startAt(input.getStartAt() == InputSpec.StartAt.BEGINNING
                        ? FileInputSettings.StartAt.BEGINNING : FileInputSettings.StartAt.END)
                .format(FileInputSettings.Format.valueOf(input.getFormat().name()))
                .maxLogSize(ByteSize.parseBytes(input.getMaxLogSize()))
                .maxConcurrentFiles(input.getMaxConcurrentFiles())
                .pollInterval(GoDuration.parse(input.getPollInterval()))
                .includeFilePath(Boolean.TRUE.equals(input.getIncludeFilePath()))
                .checkpointDirectory(checkpointDirectory);
        if (input.getMultiline() != null) {
            settings.multiline(multiline(input.getMultiline()));
        }
        return settings.build();
    }

    // A string prefix, not Path.resolve: a glob is no path (its '*', '{a,b}' and '**' must stay as written). The
    // kubelet layout is recognised from the path's last three names (PodLogPath), so tenancy and metadata still work.
    private static List<String> underHostRoot(Path hostRoot, List<String> globs) {
        if (hostRoot == null) {
            return globs;
        }
        String root = hostRoot.toAbsolutePath().normalize().toString();
        String prefix = root.equals("/") ? "" : root;
        return globs.stream().map(glob -> glob.startsWith("/") ? prefix + glob : glob).toList();
    }

    private static FileInputSettings.Multiline multiline(MultilineSpec spec) {
        int maxLines = spec.getMaxLines() == null ? 500 : spec.getMaxLines();
        var flushAfter = GoDuration.parse(spec.getFlushAfter() == null ? "2s" : spec.getFlushAfter());
        if (spec.getPreset() != null) {
            return FileInputSettings.Multiline.preset(spec.getPreset().name().toLowerCase(Locale.ROOT), maxLines, flushAfter);
        }
        return new FileInputSettings.Multiline(GoRegex.compile(spec.getFirstLinePattern()).pattern(), maxLines, flushAfter);
    }

    private static FileInputSettings.NameFilter nameFilter(IncludeExclude names) {
        if (names == null) {
            return FileInputSettings.NameFilter.ALL;
        }
        return new FileInputSettings.NameFilter(orDefault(names.getInclude(), List.of()), orDefault(names.getExclude(), List.of()));
    }

    private static Set<FileInputSettings.Stream> streams(List<InputSpec.Stream> streams) {
        if (streams == null || streams.isEmpty()) {
            return EnumSet.allOf(FileInputSettings.Stream.class);
        }
        EnumSet<FileInputSettings.Stream> set = EnumSet.noneOf(FileInputSettings.Stream.class);
        streams.forEach(s -> set.add(FileInputSettings.Stream.valueOf(s.name())));
        return set;
    }

    private static List<String> orDefault(List<String> values, List<String> fallback) {
        return values == null || values.isEmpty() ? fallback : values;
    }
}
