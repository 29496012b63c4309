package io.logpipeline.api.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one node agent runs and delivers, written by the agent into its report ConfigMap
 * ({@link AgentContract#agentReportName}) and aggregated by the operator into LogPipeline and LogBackend status.
 *
 * @param node the node the agent runs on ({@code NODE_NAME})
 * @param reportedAt when the agent wrote this report, RFC 3339
 * @param pipelines one entry per pipeline configuration the agent has seen, running or rejected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentReport(String node, String reportedAt, List<PipelineReport> pipelines) {

    public AgentReport {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
    }

    /**
     * One pipeline on one node.
     *
     * @param namespace the LogPipeline's namespace
     * @param name the LogPipeline's name
     * @param runningConfigHash {@link AgentContract#configHash} of the configuration it runs; null when none runs yet
     * @param rejectedConfigHash hash of the newest configuration it refused, null when it runs the newest it saw
     * @param rejectedMessage why it refused that one: a sentence naming the field and the fix
     * @param droppedByReason records read but not delivered in the last {@link AgentContract#COUNT_WINDOW}, by reason
     *     ({@code parse_error}, {@code processing_error}, {@code truncated}, {@code rejected}, {@code queue_full});
     *     filtered records are not drops: they are in {@code filtered}
     * @param backends one entry per exporter, in backendRefs order
     * @param filtered records the pipeline's filter processors dropped on purpose in the last {@link AgentContract#COUNT_WINDOW}
     * @param lostBytesByReason bytes written to log files that could not be read in the last {@link AgentContract#COUNT_WINDOW},
     *     by reason ({@code truncated}, {@code removed_before_read}); bytes, since lines that are gone cannot be counted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PipelineReport(String namespace, String name, String runningConfigHash, String rejectedConfigHash,
            String rejectedMessage, java.util.Map<String, Long> droppedByReason, List<BackendReport> backends,
            long filtered, java.util.Map<String, Long> lostBytesByReason) {

        public PipelineReport {
            droppedByReason = droppedByReason == null ? java.util.Map.of() : java.util.Map.copyOf(droppedByReason);
            backends = backends == null ? List.of() : List.copyOf(backends);
            lostBytesByReason = lostBytesByReason == null ? java.util.Map.of() : java.util.Map.copyOf(lostBytesByReason);
        }

        /** A report without filtered records or lost bytes. */
        public PipelineReport(String namespace, String name, String runningConfigHash, String rejectedConfigHash,
                String rejectedMessage, java.util.Map<String, Long> droppedByReason, List<BackendReport> backends) {
            this(namespace, name, runningConfigHash, rejectedConfigHash, rejectedMessage, droppedByReason, backends, 0, null);
        }
    }

    /**
     * One backend of one pipeline on one node; counts cover the last {@link AgentContract#COUNT_WINDOW}.
     *
     * @param name the LogBackend's name
     * @param sent records the backend accepted
     * @param failed records the backend refused permanently or that were given up after retries
     * @param dropped records dropped before sending (full queue with {@code whenFull: dropNewest})
     * @param lastError the last error, e.g. {@code HTTP 401 Unauthorized} or {@code connection refused}; null if none
     * @param lastErrorTime when it happened, RFC 3339
     * @param lastErrorPermanent whether the last error was permanent (a 4xx other than 429) and no send was accepted
     *     since: {@code BackendRejecting}
     * @param retryingSince RFC 3339 time since which every attempt failed and is being retried; null while delivering
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BackendReport(String name, long sent, long failed, long dropped, String lastError,
            String lastErrorTime, boolean lastErrorPermanent, String retryingSince) {
    }
}
