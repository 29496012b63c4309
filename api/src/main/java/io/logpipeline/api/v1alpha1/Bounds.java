package io.logpipeline.api.v1alpha1;

/**
 * The size limits of the CRD schemas (maxItems, maxLength, maxProperties), one name per kind of value.
 *
 * <p>Why they exist: a Kubernetes API server estimates the worst-case cost of every CEL rule from
 * these limits and rejects a CRD whose rules could cost more than its budget; without them a list
 * counts as unbounded and {@code self.include.all(i, !(i in self.exclude))} alone is over 100x the
 * budget. The values are generous for real pipelines and keep every rule at least 2x under the
 * budget (proven by the tests on the 1.36 CRD server, see docs/testing.md). Changing one: regenerate
 * the CRDs and run those tests.
 */
public final class Bounds {

    /** A Kubernetes object name (DNS subdomain): LogBackends, Secrets, ConfigMaps, PriorityClasses. */
    public static final long OBJECT_NAME = 253;
    /** A glob over namespace or container names, or a namespace name. */
    public static final long NAME_GLOB = 253;
    /** A glob over file paths (include/exclude of spec.input.paths). */
    public static final long PATH_GLOB = 1024;
    /** Items of an include or exclude list. */
    public static final long INCLUDE_EXCLUDE_ITEMS = 100;
    /** A regular expression (RE2 syntax). */
    public static final long REGEX = 4096;
    /** A record or resource attribute name, or a field reference such as attributes.level. */
    public static final long ATTRIBUTE = 256;
    /** A Kubernetes label or annotation key (optional 253-character prefix, '/', 63-character name). */
    public static final long QUALIFIED_KEY = 317;
    /** A literal attribute value or header value. */
    public static final long VALUE = 4096;
    /** A Go duration such as 1m30s, or a quantity such as 1MiB. */
    public static final long DURATION_OR_QUANTITY = 64;
    /** A time layout (Go reference time, strptime, or a Java formatter pattern). */
    public static final long TIME_LAYOUT = 256;
    /** A URL (the OTLP endpoint). */
    public static final long URL = 2048;
    /** A container image reference. */
    public static final long IMAGE = 1024;
    /** Parsers or processors of one pipeline. */
    public static final long STEPS = 32;
    /** Actions of one processor, drop rules of one filter, label and annotation extractions. */
    public static final long RULES = 64;
    /** LogBackends one pipeline sends to. */
    public static final long BACKENDS = 32;
    /** Headers of one OTLP backend. */
    public static final long HEADERS = 64;
    /** Entries of a small map or list: metadata keys, severity mappings and their values. */
    public static final long SMALL_LIST = 64;
    /** LogPipelines listed in a LogBackend's status.usedBy. */
    public static final long USED_BY = 1024;
    /** A Kubernetes label value (also a node selector or toleration value). */
    public static final long LABEL_VALUE = 63;
    /** Container streams: stdout and stderr. */
    public static final long STREAMS = 2;
    /** Conditions in a status (the operator writes four or five types). */
    public static final long CONDITIONS = 16;
    /** A short text the operator writes (status summary, configuration hash, drop rule name). */
    public static final long SHORT_TEXT = 128;

    private Bounds() {
    }
}
