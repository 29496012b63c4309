package io.logpipeline.collector.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes kubelet-style log trees and CRI / docker lines for tests. */
final class PodLogs {

    static final Instant T0 = Instant.parse("2026-11-24T12:00:00.123456789Z");

    private PodLogs() {
    }

    /** {@code root/<ns>_<pod>_<uid>/<container>/0.log}, directories created, file not. */
    static Path logFile(Path root, String namespace, String pod, String container) {
        Path dir = root.resolve(namespace + "_" + pod + "_uid-" + pod).resolve(container);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("0.log");
    }

    /** The default kubelet glob under {@code root}. */
    static String glob(Path root) {
        return root.toString() + "/*/*/*.log";
    }

    static String cri(Instant time, String stream, String tag, String message) {
        return DateTimeFormatter.ISO_INSTANT.format(time) + " " + stream + " " + tag + " " + message + "\n";
    }

    static String cri(int n, String message) {
        return cri(T0.plusMillis(n), "stdout", "F", message);
    }

    static void append(Path file, String text) {
        append(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void append(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CRI lines "line 1" … "line n" (first = 1) as one string. */
    static String numberedLines(int first, int last) {
        StringBuilder text = new StringBuilder();
        for (int i = first; i <= last; i++) {
            text.append(cri(i, "line " + i));
        }
        return text.toString();
    }

    static List<String> numbered(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).mapToObj(i -> "line " + i).toList();
    }
}
