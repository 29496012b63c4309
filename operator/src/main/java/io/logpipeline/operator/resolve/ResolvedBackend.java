package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.ExporterConfig;
import io.logpipeline.api.validation.Problem;
import java.util.List;
import java.util.SortedMap;

/**
 * One LogBackend turned into the agent's exporter, with the credentials it needs
 * (key in the pipeline's credentials Secret → base64 value, as Secret.data holds it) and any reference that did not resolve.
 */
public record ResolvedBackend(ExporterConfig exporter, SortedMap<String, String> credentials, List<Problem> problems) {

    /** PEM text of a credentials Secret key (or of a file named like one, as older configurations referenced them), for the TLS checks. */
    public String pem(String secretKey) {
        String base64 = credentials.get(secretKey.substring(secretKey.lastIndexOf('/') + 1));
        return base64 == null ? null : new String(java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * This backend with its TLS Secret keys also in the {@code *File} fields, which is where {@link TlsMaterial}
     * looks (it is replaced by a shared PEM loader in api/ on another branch; then this view goes).
     */
    public ResolvedBackend forTlsCheck() {
        if (exporter.getTls() == null) {
            return this;
        }
        io.logpipeline.api.config.TlsConfig files = new io.logpipeline.api.config.TlsConfig();
        files.setCaFile(exporter.getTls().getCaSecretKey());
        files.setCertFile(exporter.getTls().getCertSecretKey());
        files.setKeyFile(exporter.getTls().getKeySecretKey());
        ExporterConfig view = new ExporterConfig();
        view.setName(exporter.getName());
        view.setTls(files);
        return new ResolvedBackend(view, credentials, problems);
    }
}
