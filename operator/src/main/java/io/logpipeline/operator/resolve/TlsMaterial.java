package io.logpipeline.operator.resolve;

import io.logpipeline.api.config.TlsConfig;
import io.logpipeline.api.tls.InvalidPemException;
import io.logpipeline.api.tls.PemReader;
import io.logpipeline.api.validation.Problem;
import io.logpipeline.operator.status.Conditions.Reasons;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Checks a backend's TLS material with the collector's own loader: PEM parses, and the key matches the certificate. */
public final class TlsMaterial {

    private TlsMaterial() {
    }

    /** Every problem (reason InvalidTlsMaterial), each naming its field; empty when the material is usable. */
    public static List<Problem> problems(ResolvedBackend backend) {
        TlsConfig tls = backend.exporter().getTls();
        List<Problem> problems = new ArrayList<>();
        if (tls == null) {
            return problems;
        }
        if (tls.getCaFile() != null) {
            check(problems, "spec.otlp.tls.ca", () -> PemReader.certificates(pem(backend, tls.getCaFile())));
        }
        List<X509Certificate> chain = tls.getCertFile() == null ? null
                : check(problems, "spec.otlp.tls.cert", () -> PemReader.certificates(pem(backend, tls.getCertFile())));
        PrivateKey key = tls.getKeyFile() == null ? null
                : check(problems, "spec.otlp.tls.key", () -> PemReader.privateKey(pem(backend, tls.getKeyFile())));
        if (key != null && chain != null && !PemReader.keyBelongsTo(key, chain.get(0))) {
            problems.add(new Problem(Reasons.INVALID_TLS_MATERIAL, "spec.otlp.tls.key",
                    "does not belong to the certificate in spec.otlp.tls.cert; use the key the certificate was issued for"));
        }
        return problems;
    }

    private interface PemRead<T> {
        T read() throws InvalidPemException;
    }

    /** What {@code read} returns, or null after adding its problem prefixed with {@code field}. */
    private static <T> T check(List<Problem> problems, String field, PemRead<T> read) {
        try {
            return read.read();
        } catch (InvalidPemException e) {
            problems.add(new Problem(Reasons.INVALID_TLS_MATERIAL, field, e.getMessage()));
            return null;
        }
    }

    private static String pem(ResolvedBackend backend, String file) {
        String pem = backend.pem(file);
        return pem == null ? "" : pem;
    }
}
