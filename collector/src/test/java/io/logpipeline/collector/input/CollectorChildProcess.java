package io.logpipeline.collector.input;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A file input in its own JVM, for tests that kill it with SIGKILL: it writes the number of every
 * record it receives to a file and acknowledges only the numbers up to a limit.
 *
 * <p>Arguments: glob, checkpoint directory, output file, highest number to acknowledge.
 */
public final class CollectorChildProcess {

    private CollectorChildProcess() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int acknowledgeUpTo = Integer.parseInt(args[3]);
        OutputStream received = new FileOutputStream(args[2], true);
        FileInputSettings settings = FileInputSettings.builder()
                .includePaths(List.of(args[0]))
                .checkpointDirectory(Path.of(args[1]))
                .startAt(FileInputSettings.StartAt.BEGINNING)
                .pollInterval(Duration.ofMillis(20))
                .build();
        FileInput input = new FileInput(settings, record -> {
            int number = Integer.parseInt(record.body().substring("line ".length()));
            try {
                received.write((number + "\n").getBytes(StandardCharsets.US_ASCII));
                received.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (number <= acknowledgeUpTo) {
                record.acknowledgement().acknowledge();
            }
            return true;
        }, Clock.systemUTC());
        input.start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
