package io.logpipeline.packaging.images;

import io.logpipeline.packaging.RepositoryFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real container runtime of the image tests: Debian's podman with runc (crun refuses the hybrid cgroups of the
 * CI sandbox) and packaging/images/containers.conf (the sandbox may not raise RLIMIT_NOFILE). Every container it
 * starts has a unique name and is removed by {@link #removeStarted()}.
 */
final class Podman {

    /** What a podman command printed and how it ended. */
    record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private final List<String> started = new ArrayList<>();

    /** podman load of an archive the build wrote; the image names it loaded. */
    List<String> load(Path archive) throws Exception {
        Result result = run("load", "-i", archive.toString());
        if (result.exit() != 0) {
            throw new AssertionError("podman load " + archive + " failed: " + result.output());
        }
        return result.output().lines().filter(line -> line.startsWith("Loaded image"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).toList();
    }

    /** A fresh container name, removed again by {@link #removeStarted()}. */
    String name(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        started.add(name);
        return name;
    }

    Result run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CONTAINERS_CONF",
                RepositoryFiles.root().resolve("packaging/images/containers.conf").toString());
        Path out = Files.createTempFile("podman", ".out");
        Path err = Files.createTempFile("podman", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("podman " + String.join(" ", arguments) + " did not finish within 180 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** The container's log so far (stdout and stderr). */
    String logs(String name) throws Exception {
        return run("logs", name).output();
    }

    void removeStarted() throws Exception {
        for (String name : started) {
            run("rm", "--force", "--time", "0", name);
        }
        started.clear();
    }

    /** A host directory (and its parents below /tmp) a container user other than root may enter. */
    static Path openDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
