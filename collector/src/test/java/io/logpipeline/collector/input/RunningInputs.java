package io.logpipeline.collector.input;

import io.logpipeline.collector.input.FileInputSettings.StartAt;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The FileInputs a test starts over a pod-log tree, closed after each test ({@code @RegisterExtension}). */
final class RunningInputs implements AfterEachCallback {

    private final List<FileInput> started = new ArrayList<>();

    /** Every pod log under {@code root}, from the beginning, polled every 20 ms so tests stay short. */
    static FileInputSettings.Builder settings(Path root) {
        return FileInputSettings.builder()
                .includePaths(List.of(PodLogs.glob(root)))
                .pollInterval(Duration.ofMillis(20))
                .startAt(StartAt.BEGINNING);
    }

    FileInput start(FileInputSettings settings, CollectingSink sink) {
        return start(settings, sink, Clock.systemUTC());
    }

    FileInput start(FileInputSettings settings, CollectingSink sink, Clock clock) {
        FileInput input = new FileInput(settings, sink, clock);
        sink.watch(input.stats());
        started.add(input);
        input.start();
        return input;
    }

    /** Two files: the first (lines 1-20) holds the only read slot, its sink taking 5 records; the second (101-120) waits. */
    record WaitingForSlot(Path waiting, CollectingSink sink, FileInput input) {
    }

    WaitingForSlot secondFileWaitingForASlot(Path root, FileInputSettings.Builder settings) {
        Path first = PodLogs.logFile(root, "a", "web-1", "app");
        Path second = PodLogs.logFile(root, "b", "web-1", "app");
        PodLogs.append(first, PodLogs.numberedLines(1, 20));
        PodLogs.append(second, PodLogs.numberedLines(101, 120));
        CollectingSink sink = new CollectingSink();
        sink.capacity(5);
        FileInput input = start(settings.maxConcurrentFiles(1).build(), sink);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sink.size() == 5);
        return new WaitingForSlot(second, sink, input);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(FileInput::close);
        started.clear();
    }
}
