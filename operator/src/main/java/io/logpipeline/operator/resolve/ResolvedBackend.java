package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.ExporterConfig;
import java.util.List;
import java.util.SortedMap;

/**
 * One LogBackend turned into the collector's exporter, with the credential files it needs
 * (file name in the credentials Secret → base64 value, as Secret.data holds it) and any reference that did not resolve.
 */
public record ResolvedBackend(ExporterConfig exporter, SortedMap<String, String> credentials, List<ReferenceProblem> problems) {

    /** PEM text of a credential file, for the TLS checks. */
    public String pem(String file) {
        String base64 = credentials.get(file.substring(file.lastIndexOf('/') + 1));
        return base64 == null ? null : new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
}
