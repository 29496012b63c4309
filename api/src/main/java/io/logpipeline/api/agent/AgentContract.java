package io.logpipeline.api.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What the operator and the node agent agree on (DESIGN §3): the objects the operator writes for each
 * LogPipeline in the agent namespace, how the agent finds them, and where each agent reports back.
 *
 * <p>Per pipeline the operator writes, in the agent (release) namespace, one ConfigMap named
 * {@link #pipelineObjectName} with the compiled {@code CollectorConfig} under {@link #PIPELINE_CONFIG_KEY},
 * and, when the pipeline has credentials, one Secret of the same name whose keys the configuration
 * references ({@code ValueSource.secretKey}, {@code TlsConfig.*SecretKey}). Both carry
 * {@link #LABEL_ROLE} and the pipeline's identity in {@link #ANNOTATION_PIPELINE}. The agent watches
 * both kinds with {@link #PIPELINE_CONFIG_SELECTOR} / {@link #PIPELINE_CREDENTIALS_SELECTOR}, never
 * through a mounted volume. Each agent writes one ConfigMap {@link #agentReportName} holding an
 * {@link AgentReport} as JSON under {@link #AGENT_REPORT_KEY}, at most every {@link #REPORT_INTERVAL}
 * plus on a state change.
 */
public final class AgentContract {

    /** The one node-agent DaemonSet, in the agent namespace. */
    public static final String DAEMONSET_NAME = "logpipeline-collector";

    /** What an object in the agent namespace is for; the agent's watches select on it. */
    public static final String LABEL_ROLE = "logpipeline.io/role";
    public static final String ROLE_PIPELINE_CONFIG = "pipeline-config";
    public static final String ROLE_PIPELINE_CREDENTIALS = "pipeline-credentials";
    public static final String ROLE_AGENT_REPORT = "agent-report";
    public static final String PIPELINE_CONFIG_SELECTOR = LABEL_ROLE + "=" + ROLE_PIPELINE_CONFIG;
    public static final String PIPELINE_CREDENTIALS_SELECTOR = LABEL_ROLE + "=" + ROLE_PIPELINE_CREDENTIALS;
    public static final String AGENT_REPORT_SELECTOR = LABEL_ROLE + "=" + ROLE_AGENT_REPORT;

    /** {@code <namespace>/<name>} of the LogPipeline an object belongs to (a label value cannot hold 253 characters). */
    public static final String ANNOTATION_PIPELINE = "logpipeline.io/pipeline";
    /** The pipeline's namespace as a label, so the operator lists one namespace's objects cheaply. */
    public static final String LABEL_PIPELINE_NAMESPACE = "logpipeline.io/pipeline-namespace";
    /** {@link #configHash} of the data, on the ConfigMap; the agent reports the hash it runs. */
    public static final String ANNOTATION_CONFIG_HASH = "logpipeline.io/config-hash";

    /**
     * Selects every object that versions before the node agent rendered per pipeline (ServiceAccount, ConfigMap,
     * Secret, DaemonSet in the pipeline's namespace; ClusterRole and ClusterRoleBinding): they carry the
     * {@code logpipeline.io/pipeline} label, which the node agent's objects never do (it is an annotation there).
     */
    public static final String LEGACY_PIPELINE_OBJECTS_SELECTOR =
            "app.kubernetes.io/managed-by=logpipeline-operator,logpipeline.io/pipeline";

    /** The ConfigMap key holding the pipeline's compiled {@code CollectorConfig} JSON. */
    public static final String PIPELINE_CONFIG_KEY = "pipeline.json";
    /** The ConfigMap key holding an agent's {@link AgentReport} JSON. */
    public static final String AGENT_REPORT_KEY = "report.json";

    /** How often an agent writes its report when nothing changed: one write per node per interval at most. */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(15);
    /** The window of the sent / failed / dropped counts in a report and in status. */
    public static final Duration COUNT_WINDOW = Duration.ofMinutes(5);
    /** A backend retrying for longer than this is unreachable ({@code Delivering=False, BackendUnreachable}). */
    public static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(60);

    /** The port of the agent's {@code /metrics}, {@code /healthz}, {@code /readyz} (its {@code --telemetry-port} default). */
    public static final int TELEMETRY_PORT = 12345;

    /** The node's checkpoint root (a hostPath); each pipeline keeps its files in {@link #checkpointDirectory}. */
    public static final String CHECKPOINT_ROOT = "/var/lib/logpipeline";

    private static final int MAX_OBJECT_NAME = 253;
    private static final String PIPELINE_PREFIX = "lp.";
    private static final String REPORT_PREFIX = "logpipeline-agent.";

    private AgentContract() {
    }

    /**
     * Name of a pipeline's ConfigMap and Secret: {@code lp.<namespace>.<name>}. A namespace is a DNS
     * label (no dots), so the first dot after the prefix splits it unambiguously; names too long for an
     * object name are shortened with a hash suffix (the annotation keeps the full identity).
     */
    public static String pipelineObjectName(String namespace, String name) {
        return bounded(PIPELINE_PREFIX + namespace + "." + name);
    }

    /** Name of the ConfigMap an agent on {@code nodeName} reports in. */
    public static String agentReportName(String nodeName) {
        return bounded(REPORT_PREFIX + nodeName);
    }

    /** Value of {@link #ANNOTATION_PIPELINE}. */
    public static String pipelineKey(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Where one pipeline's checkpoints live under the node's checkpoint root (the per-pipeline layout older versions used). */
    public static Path checkpointDirectory(Path root, String namespace, String name) {
        return root.resolve(namespace + "_" + name);
    }

    /**
     * The hash of a pipeline's configuration JSON and credentials: the operator puts it in status and
     * on the ConfigMap; the agent computes it from what it loaded and reports it, so "this node runs
     * this generation" is an equality test. {@code credentials} are the decoded values (see
     * {@link #configHashOfSecretData} for a Secret's base64 {@code data}); they are hashed, never shown.
     */
    public static String configHash(String configJson, java.util.Map<String, String> credentials) {
        MessageDigest digest = sha256();
        digest.update(configJson.getBytes(StandardCharsets.UTF_8));
        new java.util.TreeMap<>(credentials).forEach((key, value) -> {
            digest.update((byte) 0);
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(value.getBytes(StandardCharsets.UTF_8));
        });
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /**
     * {@link #configHash} for credentials as a Secret's {@code data} holds them (base64): the operator renders that
     * form, the agent reads the decoded values, and both must arrive at the same hash.
     */
    public static String configHashOfSecretData(String configJson, java.util.Map<String, String> base64Data) {
        java.util.Map<String, String> decoded = new java.util.TreeMap<>();
        base64Data.forEach((key, value) -> decoded.put(key,
                new String(java.util.Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return configHash(configJson, decoded);
    }

    private static String bounded(String name) {
        if (name.length() <= MAX_OBJECT_NAME) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256().digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, 10);
        return name.substring(0, MAX_OBJECT_NAME - hash.length() - 1) + "-" + hash;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
