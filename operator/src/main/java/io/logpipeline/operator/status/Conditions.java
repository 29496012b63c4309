package io.logpipeline.operator.status;

/** Every condition type and reason the operator writes, in one place (DESIGN §8). */
public final class Conditions {

    public static final String ACCEPTED = "Accepted";
    public static final String BACKENDS_RESOLVED = "BackendsResolved";
    public static final String COLLECTOR_READY = "CollectorReady";
    public static final String DELIVERING = "Delivering";
    public static final String SECRETS_RESOLVED = "SecretsResolved";
    public static final String REACHABLE = "Reachable";
    public static final String READY = "Ready";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private Conditions() {
    }

    /** CamelCase reasons; each is documented by the situation that produces it. */
    public static final class Reasons {
        /** Accepted=True: the spec passed every semantic check. */
        public static final String VALID = "Valid";
        /** Accepted=False: the spec has field problems; the message lists each with its path. */
        public static final String INVALID_SPEC = io.logpipeline.api.validation.Problem.INVALID_SPEC;

        /** BackendsResolved=True / SecretsResolved=True: every reference exists. */
        public static final String RESOLVED = "Resolved";
        /** BackendsResolved=False: a backendRefs entry names a LogBackend that does not exist. */
        public static final String BACKEND_NOT_FOUND = "BackendNotFound";
        /** BackendsResolved=False: a referenced LogBackend is invalid or reports Ready=False. */
        public static final String BACKEND_NOT_READY = "BackendNotReady";
        /** A header or TLS reference names a Secret that does not exist. */
        public static final String SECRET_NOT_FOUND = "SecretNotFound";
        /** A header or TLS reference names a key the Secret does not have. */
        public static final String SECRET_KEY_NOT_FOUND = "SecretKeyNotFound";
        /** A TLS CA reference names a ConfigMap that does not exist. */
        public static final String CONFIG_MAP_NOT_FOUND = "ConfigMapNotFound";
        /** A TLS CA reference names a key the ConfigMap does not have. */
        public static final String CONFIG_MAP_KEY_NOT_FOUND = "ConfigMapKeyNotFound";
        /** SecretsResolved=False: CA, certificate or key is not parseable PEM, or the key does not match the certificate. */
        public static final String INVALID_TLS_MATERIAL = "InvalidTlsMaterial";

        /** Accepted=False: spec.input.namespaces.include names a namespace a pipeline outside clusterPipelineNamespaces may not read. */
        public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";

        /** CollectorReady=True: every node agent that should runs the current configuration ("n/n"). */
        public static final String RUNNING = "Running";
        /** CollectorReady=False: some agents still run an older configuration or none ("n/m agents run ..."). */
        public static final String UPDATING = "Updating";
        /** CollectorReady=False: an agent refused the current configuration; the message is the node's. */
        public static final String CONFIG_REJECTED = "ConfigRejected";
        /** CollectorReady=False: no node should run an agent (desired 0). */
        public static final String NO_NODES = "NoNodes";
        /** CollectorReady=Unknown: the agent DaemonSet has no status yet. */
        public static final String PENDING = "Pending";
        /** CollectorReady=Unknown: the pipeline was never accepted with resolved backends, so no agent has its configuration. */
        public static final String NOT_RENDERED = "NotRendered";

        /** Delivering=True / Reachable=True: no agent reports an error, a drop or a retry in the last 5 minutes. */
        public static final String DELIVERING = "Delivering";
        /** Reachable=True. */
        public static final String REACHABLE = "Reachable";
        /** Delivering=False / Reachable=False: an agent has been retrying a backend for over 60 s. */
        public static final String BACKEND_UNREACHABLE = "BackendUnreachable";
        /** Delivering=False / Reachable=False: a backend refuses records permanently (e.g. HTTP 401 or 400). */
        public static final String BACKEND_REJECTING = "BackendRejecting";
        /** Delivering=False: records were dropped or refused in the last 5 minutes. */
        public static final String RECORDS_DROPPED = "RecordsDropped";
        /** Delivering=Unknown / Reachable=Unknown: no node agent has reported on this pipeline or backend yet. */
        public static final String NO_REPORTS = "NoReports";

        /** Ready=Unknown: the last reconcile threw; the message carries the error and the operator retries. */
        public static final String RECONCILE_FAILED = "ReconcileFailed";

        /** Ready=True: every other condition is True. */
        public static final String READY = "Ready";

        private Reasons() {
        }
    }
}
