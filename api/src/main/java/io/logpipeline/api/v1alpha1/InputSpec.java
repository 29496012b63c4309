package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import io.logpipeline.api.units.ByteSize;
import io.logpipeline.api.units.GoDuration;
import lombok.Data;

/** Which container log files the collector reads on each node, and how it parses them. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InputSpec {

    public static final String DEFAULT_PATH_GLOB = "/var/log/pods/*/*/*.log";

    @JsonPropertyDescription("Namespaces whose pods are read. include empty = all namespaces; exclude wins.")
    private IncludeExclude namespaces = new IncludeExclude();

    @JsonPropertyDescription("Only pods whose labels match this selector are read. Omit to read every pod.")
    private LabelSelector podSelector;

    @JsonPropertyDescription("Container names to read. include empty = all containers; exclude wins.")
    private IncludeExclude containers = new IncludeExclude();

    @Size(max = Bounds.STREAMS)
    @JsonPropertyDescription("Streams to keep: stdout, stderr. Empty means both.")
    private List<Stream> streams = new ArrayList<>(List.of(Stream.STDOUT, Stream.STDERR));

    @JsonPropertyDescription("Advanced: file globs to read. include defaults to /var/log/pods/*/*/*.log.")
    private IncludeExclude paths = IncludeExclude.of(List.of(DEFAULT_PATH_GLOB), List.of());

    @Default("end")
    @JsonPropertyDescription("Where to start in a file the collector has never seen: end (only new lines) or beginning. Files with a checkpoint always resume from it.")
    private StartAt startAt = StartAt.END;

    @Default("auto")
    @JsonPropertyDescription("Line format: auto (detect per file), cri, docker (json-file) or raw.")
    private LogFormat format = LogFormat.AUTO;

    @JsonPropertyDescription("Joins multi-line records (stack traces). Omit to keep one record per line.")
    private MultilineSpec multiline;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("1MiB")
    @Pattern(ByteSize.PATTERN)
    @JsonPropertyDescription("Longest record kept, as a Kubernetes quantity (e.g. 1MiB). Longer records are truncated and counted.")
    private String maxLogSize = "1MiB";

    @Default("1024")
    @Min(1)
    @JsonPropertyDescription("Most files held open at once. Further files wait their turn; none starves.")
    private Integer maxConcurrentFiles = 1024;

    @Size(max = Bounds.DURATION_OR_QUANTITY)
    @Default("200ms")
    @Pattern(GoDuration.PATTERN)
    @JsonPropertyDescription("How often the file globs are re-evaluated, as a duration (e.g. 200ms).")
    private String pollInterval = "200ms";

    @Default("false")
    @JsonPropertyDescription("Add the source file path as the log.file.path attribute.")
    private Boolean includeFilePath = false;

    @Size(max = Bounds.STEPS)
    @JsonPropertyDescription("Parsers applied in order to every record. Each item sets exactly one of regex, json or severity.")
    private List<ParserSpec> parsers = new ArrayList<>();

    /** A container output stream. */
    public enum Stream {
        @JsonProperty("stdout") STDOUT,
        @JsonProperty("stderr") STDERR
    }

    /** Where reading starts in a file without a checkpoint. */
    public enum StartAt {
        @JsonProperty("end") END,
        @JsonProperty("beginning") BEGINNING
    }

    /** The on-disk format of container log lines. */
    public enum LogFormat {
        @JsonProperty("auto") AUTO,
        @JsonProperty("cri") CRI,
        @JsonProperty("docker") DOCKER,
        @JsonProperty("raw") RAW
    }
}
