package io.logpipeline.collector.export;

import io.logpipeline.api.config.HeaderConfig;
import io.logpipeline.api.config.ValueSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The HTTP headers of one backend, resolved from literals, environment variables, files and keys of
 * the pipeline's credentials Secret.
 *
 * <p>A file value is re-read whenever the file's modification time changes, so a rotated Secret
 * (kubelet swaps the mounted files in place) takes effect on the next request without a restart.
 */
final class HeaderValues {

    private final List<Header> headers = new ArrayList<>();

    /**
     * @param field the config path used in error messages, e.g. {@code exporters[0].headers}
     * @throws IllegalArgumentException naming the header and the fix when a value cannot be resolved
     */
    HeaderValues(List<HeaderConfig> configs, String field, Map<String, String> credentials) {
        for (int i = 0; i < configs.size(); i++) {
            HeaderConfig config = configs.get(i);
            String where = field + "[" + i + "] (" + config.getName() + ")";
            ValueSource source = config.getValue();
            if (source == null) {
                throw new IllegalArgumentException(where + ": no value; set value, env or file");
            }
            Header header;
            if (source.getValue() != null) {
                header = new Header(config.getName(), source.getValue(), null, where);
            } else if (source.getEnv() != null) {
                header = new Header(config.getName(), present(System.getenv(source.getEnv()), where + ": environment variable "
                        + source.getEnv() + " is not set; set it in the collector's environment"), null, where);
            } else if (source.getSecretKey() != null) {
                header = new Header(config.getName(), present(credentials.get(source.getSecretKey()), where + ": key " + source.getSecretKey()
                        + " is not in the pipeline's credentials Secret; the operator writes it with the pipeline"), null, where);
            } else if (source.getFile() != null) {
                header = new Header(config.getName(), null, Path.of(source.getFile()), where);
                try {
                    header.current();
                } catch (UncheckedIOException unreadable) {
                    throw new IllegalArgumentException(unreadable.getMessage(), unreadable);
                }
            } else {
                throw new IllegalArgumentException(where + ": no value; set value, env, file or secretKey");
            }
            headers.add(header);
        }
    }

    private static String present(String value, String problem) {
        if (value == null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** Calls {@code sink} with each header's current name and value. */
    void forEach(BiConsumer<String, String> sink) {
        for (Header header : headers) {
            sink.accept(header.name, header.current());
        }
    }

    private static final class Header {
        private final String name;
        private final Path file;
        private final String where;
        private volatile String value;
        private volatile FileTime readAt;

        Header(String name, String value, Path file, String where) {
            this.name = name;
            this.value = value;
            this.file = file;
            this.where = where;
        }

        String current() {
            if (file == null) {
                return value;
            }
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                if (!modified.equals(readAt)) {
                    // Secret files usually end with a newline that is not part of the value.
                    value = Files.readString(file, StandardCharsets.UTF_8).strip();
                    readAt = modified;
                }
                return value;
            } catch (IOException e) {
                if (value != null) {
                    return value; // keep the last good value while the Secret volume is being swapped
                }
                throw new UncheckedIOException(where + ": cannot read " + file + "; mount the credentials Secret", e);
            }
        }
    }
}
