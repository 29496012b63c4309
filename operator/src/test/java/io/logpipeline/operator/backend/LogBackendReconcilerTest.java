package io.logpipeline.operator.backend;

import static io.logpipeline.operator.Manifests.backend;
import static io.logpipeline.operator.Manifests.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.logpipeline.api.v1alpha1.CertificateSource;
import io.logpipeline.api.v1alpha1.HeaderSpec;
import io.logpipeline.api.v1alpha1.KeyRef;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import io.logpipeline.api.v1alpha1.SecretValueSource;
import io.logpipeline.api.v1alpha1.TlsSpec;
import io.logpipeline.operator.RunningOperator;
import io.logpipeline.testsupport.OpensslCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LogBackend reconciler on a real kube-apiserver 1.20.2: what kubectl shows in a backend's status. */
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class LogBackendReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path TLS = Path.of("src/test/resources/tls");

    @KubeConfig
    static String kubeConfigYaml;

    private static RunningOperator operator;
    private static KubernetesClient client;
    private String ns;

    @BeforeAll
    static void startOperator() throws Exception {
        operator = RunningOperator.start(kubeConfigYaml);
        client = operator.client;
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void namespace() {
        ns = operator.newNamespace();
    }

    @Test
    void tracesEndpointIsNotAcceptedAndTheMessageSaysWhichPathLogsNeed() {
        // given
        LogBackend backend = backend(ns, "jaeger", "http://jaeger-collector:14268/api/traces");

        // when
        apply(backend);

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            Condition accepted = condition("jaeger", "Accepted");
            assertThat(accepted.getStatus()).isEqualTo("False");
            assertThat(accepted.getReason()).isEqualTo("InvalidSpec");
            assertThat(accepted.getMessage()).contains("spec.otlp.endpoint").contains("/v1/logs");
            assertThat(condition("jaeger", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "InvalidSpec");
        });
    }

    @Test
    void missingSecretThenMissingKeyThenResolved() {
        // given
        LogBackend backend = backend(ns, "vendor", "http://otlp.vendor.example/v1/logs");
        backend.getSpec().getOtlp().getHeaders().add(new HeaderSpec("Authorization", null,
                new SecretValueSource(new KeyRef("otlp-token", "header"))));

        // when
        apply(backend);
        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("vendor", "SecretsResolved"))
                .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "SecretNotFound", "spec.otlp.headers[0].valueFrom.secretKeyRef: Secret \"otlp-token\" not found in namespace "
                        + ns + "; create it or fix the name"));

        // when
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("token", "Bearer x").build());
        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("vendor", "SecretsResolved"))
                .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "SecretKeyNotFound"));

        // when
        apply(new SecretBuilder().withNewMetadata().withName("otlp-token").withNamespace(ns).endMetadata()
                .addToStringData("header", "Bearer x").build());
        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("vendor", "SecretsResolved")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Resolved");
            assertThat(condition("vendor", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Ready");
        });
        LogBackend current = client.resources(LogBackend.class).inNamespace(ns).withName("vendor").get();
        assertThat(current.getStatus().getConditions()).extracting(Condition::getMessage).noneMatch(m -> m.contains("Bearer x"));
    }

    @Test
    void keyThatDoesNotMatchTheClientCertificateIsInvalidTlsMaterial() throws IOException {
        // given
        apply(new SecretBuilder().withNewMetadata().withName("client-tls").withNamespace(ns).endMetadata()
                .addToStringData("tls.crt", Files.readString(TLS.resolve("client.crt")))
                .addToStringData("tls.key", Files.readString(TLS.resolve("other-pkcs1.key")))
                .addToStringData("ca.crt", Files.readString(TLS.resolve("ca.crt")))
                .build());
        LogBackend backend = backend(ns, "mtls", "https://otlp.example/v1/logs");
        TlsSpec tls = new TlsSpec();
        tls.setCa(new CertificateSource(new KeyRef("client-tls", "ca.crt"), null));
        tls.setCert(new CertificateSource(new KeyRef("client-tls", "tls.crt"), null));
        tls.setKey(new CertificateSource(new KeyRef("client-tls", "tls.key"), null));
        backend.getSpec().getOtlp().setTls(tls);

        // when
        apply(backend);

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("mtls", "SecretsResolved"))
                .extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "InvalidTlsMaterial"));

        // when
        apply(new SecretBuilder().withNewMetadata().withName("client-tls").withNamespace(ns).endMetadata()
                .addToStringData("tls.crt", Files.readString(TLS.resolve("client.crt")))
                .addToStringData("tls.key", Files.readString(TLS.resolve("client-pkcs1.key")))
                .addToStringData("ca.crt", Files.readString(TLS.resolve("ca.crt")))
                .build());

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition("mtls", "Ready"))
                .extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Ready"));
    }

    @Test
    void certManagerEcdsaSecretWithASec1KeyIsUsable(@TempDir Path dir) throws Exception {
        // given a TLS Secret as cert-manager writes it by default: ECDSA P-256, tls.key an "EC PRIVATE KEY" (SEC1)
        OpensslCertificates openssl = new OpensslCertificates(dir);
        openssl.signed("client", "DNS:collector", OpensslCertificates.EC_P256);
        openssl.openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        assertThat(openssl.read("client-sec1.key")).startsWith("-----BEGIN EC PRIVATE KEY-----");
        apply(new SecretBuilder().withNewMetadata().withName("collector-tls").withNamespace(ns).endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", openssl.read("client.crt"))
                .addToStringData("tls.key", openssl.read("client-sec1.key"))
                .addToStringData("ca.crt", openssl.read("ca.crt"))
                .build());
        LogBackend backend = backend(ns, "mtls-ec", "https://otlp.example/v1/logs");
        TlsSpec tls = new TlsSpec();
        tls.setCa(new CertificateSource(new KeyRef("collector-tls", "ca.crt"), null));
        tls.setCert(new CertificateSource(new KeyRef("collector-tls", "tls.crt"), null));
        tls.setKey(new CertificateSource(new KeyRef("collector-tls", "tls.key"), null));
        backend.getSpec().getOtlp().setTls(tls);

        // when
        apply(backend);

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("mtls-ec", "SecretsResolved")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                    .containsExactly("True", "Resolved", "Every referenced Secret key exists and the TLS material parses.");
            assertThat(condition("mtls-ec", "Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Ready");
        });
    }

    @Test
    void usedByListsThePipelinesThatReferenceTheBackend() {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));

        // when
        apply(pipeline(ns, "apps", "victorialogs"));
        apply(pipeline(ns, "audit", "victorialogs"));

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                usedBy("victorialogs"))
                .containsExactly("apps", "audit"));

        // when
        client.resources(LogPipeline.class).inNamespace(ns).withName("audit").delete();

        // then
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                usedBy("victorialogs"))
                .containsExactly("apps"));

        // when
        apply(backend(ns, "archive", "http://archive:4318/v1/logs"));
        apply(pipeline(ns, "apps", "archive"));

        // then
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(usedBy("victorialogs")).isEmpty();
            assertThat(usedBy("archive")).containsExactly("apps"); // null-safe: an NPE would end untilAsserted at once
        });
    }

    @Test
    void aBurstOfNewPipelinesUpdatesUsedByInAFewWritesNotOnePerPipeline() throws Exception {
        // given
        apply(backend(ns, "victorialogs", "http://victorialogs:9428/insert/opentelemetry/v1/logs"));
        await().atMost(WAIT).until(() -> client.resources(LogBackend.class).inNamespace(ns).withName("victorialogs").get().getStatus() != null);
        List<String> names = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "app-" + (char) ('a' + i)).toList();

        // when: 20 pipelines applied one after the other over about a second, as kubectl apply -f dir/ would
        for (String name : names) {
            apply(pipeline(ns, name, "victorialogs"));
            Thread.sleep(50);
        }

        // then: usedBy names every one of them, written in a few reconciles rather than one per pipeline
        await().atMost(WAIT).untilAsserted(() -> assertThat(usedBy("victorialogs")).containsExactlyElementsOf(names));
        assertThat(operator.reconciles.started("LogBackend", ns, "victorialogs")).isLessThanOrEqualTo(5);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void apply(T object) {
        object.getMetadata().setNamespace(ns);
        client.resource(object).forceConflicts().serverSideApply();
    }

    private Condition condition(String backend, String type) {
        LogBackend current = client.resources(LogBackend.class).inNamespace(ns).withName(backend).get();
        assertThat(current.getStatus()).as("status of %s", backend).isNotNull();
        return current.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + current.getStatus().getConditions()));
    }

    /** status.usedBy, empty until the operator wrote a status. */
    private List<String> usedBy(String backend) {
        LogBackend current = client.resources(LogBackend.class).inNamespace(ns).withName(backend).get();
        return current.getStatus() == null ? List.of() : current.getStatus().getUsedBy();
    }
}
