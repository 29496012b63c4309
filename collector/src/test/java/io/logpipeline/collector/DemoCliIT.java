package io.logpipeline.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first minutes with {@code java -jar logpipeline-collector.jar demo}, through the packaged jar: a backend that is
 * down, option values that are wrong, and Ctrl-C. The sample logs make 13 records for shop/storefront and 12 for
 * payments/ledger (docs/collector.md shows the same summary).
 */
class DemoCliIT {

    @Test
    void aBackendThatRefusesConnectionsIsNamedInTheSummaryWithEveryUndeliveredRecordCounted() throws Exception {
        // given
        int closedPort = closedPort();

        // when
        CollectorJar.Result result = CollectorJar.run(120, "demo", "--endpoint", "http://127.0.0.1:" + closedPort + "/v1/logs");

        // then
        assertThat(result.exitCode()).isEqualTo(1);
        String refused = "; last error: connection refused (ConnectException: Failed to connect to /127.0.0.1:" + closedPort + ")";
        assertThat(result.stdout().lines().dropWhile(line -> !line.startsWith("demo summary:"))).containsExactly(
                "demo summary: lines read 27 of 27 by 2 pipelines — NOT every line was delivered",
                "  pipeline shop/storefront: lines read 15, records read 13 (CRI partials joined), backend endpoint-shop: records sent 0, "
                        + "failed 13 (13 undelivered when the demo stopped), dropped 0" + refused,
                "  pipeline payments/ledger: lines read 12, records read 12 (CRI partials joined), backend endpoint-payments: "
                        + "records sent 0, failed 12 (12 undelivered when the demo stopped), dropped 0" + refused);
        assertThat(result.stderr()).contains("event=backend_unreachable pipeline=shop/storefront backend=endpoint-shop "
                + "error=\"connection refused (ConnectException: Failed to connect to /127.0.0.1:" + closedPort + ")\" action=retry");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--timeout|abc|Invalid value for option '--timeout': \"abc\" is not a duration; write it like 500ms, 5s, 1m30s or 2h "
                + "(see logpipeline-collector demo --help)",
        "--endpoint|localhost:4318|--endpoint: \"localhost:4318\" must be an absolute http or https URL, "
                + "e.g. http://localhost:4318/v1/logs (see logpipeline-collector demo --help)",
        "--endpoint|127.0.0.1:18104/v1/logs|--endpoint: \"127.0.0.1:18104/v1/logs\" must be an absolute http or https URL, "
                + "e.g. http://127.0.0.1:18104/v1/logs (see logpipeline-collector demo --help)",
        "--timout|3s|Unknown options: '--timout', '3s'; did you mean --timeout? (see logpipeline-collector demo --help)"})
    void aWrongOptionIsOneLineNamingItAndExitCode2BeforeAnythingRuns(String option, String value, String expected) throws Exception {
        // when
        CollectorJar.Result result = CollectorJar.run(60, "demo", option, value);

        // then: no sample files laid out, no agent started, no stack trace
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().lines()).containsExactly(expected);
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void theFirstCtrlCSaysASecondExitsAtOnceAndTheSecondDoes() throws Exception {
        try (CollectorJar demo = CollectorJar.start("demo", "--endpoint", "http://127.0.0.1:" + closedPort() + "/v1/logs")) {
            // given: a demo whose backend is down, retrying
            demo.awaitOutput("event=backend_unreachable");

            // when
            demo.interrupt();
            demo.awaitOutput("press Ctrl-C again to exit now");
            demo.interrupt();
            CollectorJar.Result result = demo.awaitExit(60);

            // then: it ended on the second Ctrl-C, before the drain deadline that ends with the summary
            assertThat(result.exitCode()).isEqualTo(130);
            assertThat(result.stdout()).contains("demo: Ctrl-C: stopping; what was read gets up to 5s to be delivered, then the summary "
                    + "— press Ctrl-C again to exit now").doesNotContain("demo summary");
            assertThat(result.stdout().strip()).endsWith("demo: second Ctrl-C: exiting now, without a summary");
        }
    }

    @Test
    void oneCtrlCStopsTheDemoWithItsSummary() throws Exception {
        try (CollectorJar demo = CollectorJar.start("demo", "--endpoint", "http://127.0.0.1:" + closedPort() + "/v1/logs")) {
            // given
            demo.awaitOutput("event=backend_unreachable");

            // when
            demo.interrupt();
            CollectorJar.Result result = demo.awaitExit(60);

            // then
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stdout()).contains("press Ctrl-C again to exit now", "NOT every line was delivered", "last error: connection refused");
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
