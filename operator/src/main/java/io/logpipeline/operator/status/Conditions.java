package io.logpipeline.operator.status;

/** Every condition type and reason the operator writes, in one place (DESIGN §8). */
public final class Conditions {

    public static final String ACCEPTED = "Accepted";
    public static final String BACKENDS_RESOLVED = "BackendsResolved";
    public static final String COLLECTOR_READY = "CollectorReady";
    public static final String SECRETS_RESOLVED = "SecretsResolved";
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
        public static final String INVALID_SPEC = "InvalidSpec";

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

        /** CollectorReady=True: every desired collector runs the current configuration and is ready. */
        public static final String ROLLED_OUT = "RolledOut";
        /** CollectorReady=False: collectors still run an older configuration ("n/m updated"). */
        public static final String ROLLING_OUT = "RollingOut";
        /** CollectorReady=False: all collectors are updated but some are not ready. */
        public static final String COLLECTORS_UNAVAILABLE = "CollectorsUnavailable";
        /** CollectorReady=False: no node should run a collector (desired 0). */
        public static final String NO_NODES = "NoNodes";
        /** CollectorReady=Unknown: the DaemonSet controller has not observed the latest DaemonSet generation. */
        public static final String PENDING = "Pending";
        /** CollectorReady=Unknown: no DaemonSet yet, because the pipeline was never accepted with resolved backends. */
        public static final String NOT_RENDERED = "NotRendered";

        /** Ready=True: every other condition is True. */
        public static final String READY = "Ready";

        private Reasons() {
        }
    }
}
