package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.Data;

/** How the collector DaemonSet is run. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectorSpec {

    @Size(max = Bounds.IMAGE)
    @JsonPropertyDescription("Collector image. Empty means the operator's configured default collector image.")
    private String image;

    @JsonPropertyDescription("Requests and limits of the collector container. Empty means the operator's configured defaults.")
    private ResourceRequirements resources;

    @Size(max = Bounds.SMALL_LIST)
    @JsonPropertyDescription("Tolerations of the collector pods, e.g. [{operator: Exists, effect: NoSchedule}] to run on tainted nodes.")
    private List<Toleration> tolerations = new ArrayList<>();

    @Size(max = Bounds.SMALL_LIST)
    @JsonPropertyDescription("Run collectors only on nodes with these labels.")
    private Map<String, String> nodeSelector = new LinkedHashMap<>();

    @Size(max = Bounds.OBJECT_NAME)
    @JsonPropertyDescription("PriorityClass of the collector pods.")
    private String priorityClassName;

    @Default("info")
    @JsonPropertyDescription("Collector log level: debug, info, warn or error.")
    private LogLevel logLevel = LogLevel.INFO;

    @Default("false")
    @JsonPropertyDescription("Serve /debug/tail on the collector's port: a live stream of processed records for troubleshooting.")
    private Boolean debugTail = false;

    /** Collector log levels. */
    public enum LogLevel {
        @JsonProperty("debug") DEBUG,
        @JsonProperty("info") INFO,
        @JsonProperty("warn") WARN,
        @JsonProperty("error") ERROR
    }
}
