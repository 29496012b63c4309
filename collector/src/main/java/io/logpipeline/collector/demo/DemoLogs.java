package io.logpipeline.collector.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample container logs of {@code samples/demo} (shipped in the jar), laid out under a directory as a
 * node's {@code /var/log/pods} holds them. A rotated file ({@code 0.log.<timestamp>}) is first written as
 * {@code 0.log}; {@link #rotate()} then renames it and writes the newer {@code 0.log}, as the kubelet does,
 * so the collector shows it reads a rotated file to its end and picks up the new one.
 */
final class DemoLogs {

    static final String RESOURCE = "/samples/demo";
    private static final Pattern ROTATED = Pattern.compile("\\d+\\.log\\..+");

    /** A rotated sample and the current file of the same container. */
    private record Rotation(Path current, Path rotated, byte[] newer) {
    }

    private final Path podsDirectory;
    private final long totalLines;
    private final long linesBeforeRotation;
    private final int containers;
    private final List<Rotation> rotations;

    private DemoLogs(Path podsDirectory, long totalLines, long linesBeforeRotation, int containers, List<Rotation> rotations) {
        this.podsDirectory = podsDirectory;
        this.totalLines = totalLines;
        this.linesBeforeRotation = linesBeforeRotation;
        this.containers = containers;
        this.rotations = rotations;
    }

    /** Reads the samples from the classpath and writes every file except the newer half of each rotation. */
    static DemoLogs layOut(Path root) throws IOException {
        Map<String, byte[]> samples = samples();
        Path pods = root.resolve("var/log/pods");
        long total = 0;
        long beforeRotation = 0;
        List<Rotation> rotations = new ArrayList<>();
        List<String> containerDirs = new ArrayList<>();
        for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
            Path target = root.resolve(sample.getKey());
            Files.createDirectories(target.getParent());
            long lines = lines(sample.getValue());
            total += lines;
            String name = target.getFileName().toString();
            if (!containerDirs.contains(target.getParent().toString())) {
                containerDirs.add(target.getParent().toString());
            }
            if (ROTATED.matcher(name).matches()) {
                Path current = target.resolveSibling(name.substring(0, name.indexOf(".log") + 4));
                String currentKey = root.relativize(current).toString();
                rotations.add(new Rotation(current, target, samples.get(currentKey)));
                Files.write(current, sample.getValue());
                beforeRotation += lines;
            }
        }
        for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
            Path target = root.resolve(sample.getKey());
            boolean partOfRotation = rotations.stream().anyMatch(r -> r.current().equals(target) || r.rotated().equals(target));
            if (!partOfRotation) {
                Files.write(target, sample.getValue());
                beforeRotation += lines(sample.getValue());
            }
        }
        return new DemoLogs(pods, total, beforeRotation, containerDirs.size(), rotations);
    }

    /** Renames each file written in place of a rotated one and writes the current file anew. */
    void rotate() throws IOException {
        for (Rotation rotation : rotations) {
            Files.move(rotation.current(), rotation.rotated(), StandardCopyOption.ATOMIC_MOVE);
            Files.write(rotation.current(), rotation.newer());
        }
    }

    Path podsDirectory() {
        return podsDirectory;
    }

    long totalLines() {
        return totalLines;
    }

    long linesBeforeRotation() {
        return linesBeforeRotation;
    }

    int containers() {
        return containers;
    }

    int rotations() {
        return rotations.size();
    }

    /** Every sample file, by its path relative to {@code samples/demo}, from the jar or the class directory. */
    static Map<String, byte[]> samples() throws IOException {
        URL url = DemoLogs.class.getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the sample logs " + RESOURCE + " are not on the classpath; build the jar with ./mvnw -pl collector -am package");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem jar;
                try {
                    jar = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                }
                return read(jar.getPath(RESOURCE));
            }
            return read(Path.of(uri));
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static Map<String, byte[]> read(Path base) throws IOException {
        Map<String, byte[]> samples = new TreeMap<>();
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = base.relativize(file).toString();
                if (relative.startsWith("var/log/pods/")) {
                    samples.put(relative, Files.readAllBytes(file));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return samples;
    }

    static long lines(byte[] content) {
        long lines = 0;
        for (byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
