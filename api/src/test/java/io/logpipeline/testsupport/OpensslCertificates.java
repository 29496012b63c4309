package io.logpipeline.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away CA and keys and certificates signed by it, made at test time with the openssl command line (what
 * users and cert-manager make theirs with), so no key material is checked in and every key format is the real one.
 */
public final class OpensslCertificates {

    /** {@code openssl req} arguments for a new RSA 2048 key. */
    public static final List<String> RSA = List.of("-newkey", "rsa:2048");
    /** {@code openssl req} arguments for a new ECDSA P-256 key, cert-manager's default. */
    public static final List<String> EC_P256 = List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");

    public final Path dir;

    /** Makes {@code ca.crt} and {@code ca.key} in {@code dir}. */
    public OpensslCertificates(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=logpipeline test CA");
    }

    /** Makes {@code name.crt} signed by the CA for {@code subjectAltName} (e.g. {@code IP:127.0.0.1}) and its PKCS#8 {@code name.key}. */
    public void signed(String name, String subjectAltName, List<String> newKey) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + subjectAltName + "\n");
        List<String> request = new ArrayList<>(List.of("req"));
        request.addAll(newKey);
        request.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name));
        openssl(request.toArray(new String[0]));
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    /** Runs {@code openssl args} in the directory; IOException with openssl's output when it fails. */
    public void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The text of {@code name} in the directory. */
    public String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }
}
