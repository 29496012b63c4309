package io.logpipeline.collector.input.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyAndReadsBack() {
        // given
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
        List<CheckpointStore.Entry> entries = List.of(
                new CheckpointStore.Entry(1234, 1024, "ab".repeat(32), "/var/log/pods/a_b_c/d/0.log"),
                new CheckpointStore.Entry(0, 17, "cd".repeat(32), "/var/log/pods/with space/x/0.log"));

        // when
        store.write(entries);
        store.write(entries);

        // then
        assertThat(new CheckpointStore(dir.resolve("checkpoints")).load()).isEqualTo(entries);
        assertThat(dir.resolve("checkpoints")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void noFileMeansNoCheckpoints() {
        // when / then
        assertThat(new CheckpointStore(dir).load()).isEmpty();
    }

    @Test
    void matchesAFileThatGrewSinceTheCheckpoint() throws IOException {
        // given a checkpoint taken when the file had 10 bytes
        Path file = dir.resolve("0.log");
        Files.writeString(file, "0123456789");
        Fingerprint small = Fingerprint.read(file);
        CheckpointStore.Entry entry = new CheckpointStore.Entry(10, small.length(), small.hash(), file.toString());

        // when the file grows past the fingerprint size
        Files.writeString(file, "0123456789" + "x".repeat(3000));
        Fingerprint grown = Fingerprint.read(file);

        // then it is still the same file, and a different file is not
        assertThat(grown.length()).isEqualTo(Fingerprint.SIZE);
        assertThat(entry.matches(grown)).isTrue();
        assertThat(grown.sameFileAs(small)).isTrue();
        Files.writeString(file, "9876543210");
        assertThat(entry.matches(Fingerprint.read(file))).isFalse();
    }
}
