package io.logpipeline.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.logpipeline.api.v1alpha1.TlsSpec;
import lombok.Data;

/** TLS of an exporter, with PEM material as files or as keys of the pipeline's credentials Secret (node agent). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsConfig {

    private boolean insecureSkipVerify;

    /** PEM CA bundle file; null trusts the JVM's default CAs. */
    private String caFile;

    /** PEM client certificate file, for mTLS. */
    private String certFile;

    /** PEM private key file (PKCS#8, PKCS#1 or SEC1 EC; see io.logpipeline.api.tls.PemReader), for mTLS. */
    private String keyFile;

    /** Key of the pipeline's credentials Secret holding the PEM CA bundle; the agent's alternative to {@link #caFile}. */
    private String caSecretKey;

    /** Key of the pipeline's credentials Secret holding the PEM client certificate. */
    private String certSecretKey;

    /** Key of the pipeline's credentials Secret holding the PEM private key. */
    private String keySecretKey;

    private String serverName;

    private TlsSpec.TlsVersion minVersion = TlsSpec.TlsVersion.TLS_1_2;
}
