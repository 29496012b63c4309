package io.logpipeline.collector.statedir;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code logpipeline-collector prepare-state-dir DIR}: the DaemonSet's init container. A kubelet creates the
 * checkpoint hostPath ({@code DirectoryOrCreate}) as root:root 0755, where the collector (uid 10001, gid 0) cannot
 * write; this gives DIR to the collector's user with mode 0770. It needs uid 0 with CAP_CHOWN and CAP_FOWNER only
 * (no shell, no other capability) and is idempotent: a directory already prepared is left as it is.
 */
@Command(name = "prepare-state-dir", mixinStandardHelpOptions = true,
        description = "Makes the checkpoint directory DIR writable for the collector's user (run as root with CAP_CHOWN and "
                + "CAP_FOWNER, e.g. as the DaemonSet's init container): owner UID:GID, mode 0770.")
public final class PrepareStateDirCommand implements Callable<Integer> {

    /** The mode the collector's checkpoint directory gets: its user and group (0) only. */
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwxrwx---");

    @Parameters(index = "0", paramLabel = "DIR", description = "The checkpoint directory, e.g. /var/lib/logpipeline.")
    Path directory;

    @Option(names = "--uid", defaultValue = "10001", description = "Owner the collector runs as (default ${DEFAULT-VALUE}).")
    int uid;

    @Option(names = "--gid", defaultValue = "0", description = "Group the collector runs as (default ${DEFAULT-VALUE}).")
    int gid;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // NOFOLLOW_LINKS throughout: a symlink planted in the hostPath must not make root chown something else.
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            err.println("prepare-state-dir: " + directory + " is not a directory; mount the checkpoint hostPath "
                    + "(type DirectoryOrCreate) there");
            return 1;
        }
        try {
            String before = describe();
            if (before.equals(target())) {
                out.println("prepare-state-dir: " + directory + " is already " + before);
                return 0;
            }
            // chmod first, while root may still own it; with CAP_FOWNER a re-run works on a directory 10001 owns.
            Files.setPosixFilePermissions(directory, MODE);
            Files.setAttribute(directory, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(directory, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            out.println("prepare-state-dir: " + directory + " is now " + target() + " (was " + before + ")");
            return 0;
        } catch (AccessDeniedException e) {
            return refused(err, e);
        } catch (FileSystemException e) {
            if ("Operation not permitted".equals(e.getReason())) {
                return refused(err, e);
            }
            err.println("prepare-state-dir: cannot prepare " + directory + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("prepare-state-dir: cannot prepare " + directory + ": " + e.getMessage());
            return 1;
        }
    }

    private int refused(PrintWriter err, FileSystemException e) {
        err.println("prepare-state-dir: not permitted to give " + directory + " to " + uid + ":" + gid + " (" + e.getReason()
                + "); run it as uid 0 with the capabilities CHOWN and FOWNER (the rendered DaemonSet's init container does)");
        return 1;
    }

    private String target() {
        return "owned by " + uid + ":" + gid + ", mode " + PosixFilePermissions.toString(MODE);
    }

    private String describe() throws IOException {
        int owner = (Integer) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int group = (Integer) Files.getAttribute(directory, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        return "owned by " + owner + ":" + group + ", mode " + PosixFilePermissions.toString(mode);
    }
}
