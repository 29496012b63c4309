package io.logpipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** TLS for an https endpoint: trusted CA, optional client certificate, verification. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.cert) == has(self.key)", message = "cert and key go together (mTLS)")
@ValidationRule(value = "!has(self.key) || has(self.key.secretKeyRef)", message = "a private key must come from a Secret")
public class TlsSpec {

    @Default("false")
    @JsonPropertyDescription("Skip verification of the server certificate. For testing only.")
    private Boolean insecureSkipVerify = false;

    @JsonPropertyDescription("CA certificate(s) to trust, PEM. Omit to trust the JVM's default CAs.")
    private CertificateSource ca;

    @JsonPropertyDescription("Client certificate (PEM) for mutual TLS.")
    private CertificateSource cert;

    @JsonPropertyDescription("Client private key (PEM, PKCS#8 or PKCS#1) for mutual TLS, from a Secret.")
    private CertificateSource key;

    @Size(max = Bounds.OBJECT_NAME)
    @JsonPropertyDescription("Server name to verify and send in SNI, when it differs from the endpoint's host.")
    private String serverName;

    @Default("\"1.2\"")
    @JsonPropertyDescription("Lowest TLS version accepted: 1.2 or 1.3.")
    private TlsVersion minVersion = TlsVersion.TLS_1_2;

    /** Accepted minimum TLS versions. */
    public enum TlsVersion {
        @JsonProperty("1.2") TLS_1_2,
        @JsonProperty("1.3") TLS_1_3
    }
}
