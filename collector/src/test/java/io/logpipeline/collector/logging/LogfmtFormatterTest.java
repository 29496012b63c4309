package io.logpipeline.collector.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The collector's messages are built by concatenation; the logfmt line must still be one a logfmt parser reads. */
class LogfmtFormatterTest {

    private static String format(Level level, String logger, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setInstant(Instant.parse("2026-11-24T22:07:27.363Z"));
        record.setParameters(parameters);
        return new LogfmtFormatter().format(record).strip();
    }

    @Test
    void valuesWithSpacesOrQuotesAreQuotedAndEscaped() {
        String line = format(Level.WARNING, "io.logpipeline.collector.input.FileInput",
                "event=file_open_failed path=/var/log/pods/a b/0.log error=\"java.io.IOException: no \"such\" file\" paths=[/a, /b] n={0}", 3);

        assertThat(line).isEqualTo("time=2026-11-24T22:07:27.363Z level=warn logger=FileInput event=file_open_failed "
                + "path=\"/var/log/pods/a b/0.log\" error=\"java.io.IOException: no \\\"such\\\" file\" paths=\"[/a, /b]\" n=3");
    }

    @Test
    void aLibrarysFreeTextBecomesMsgAndAnExceptionStaysOnTheLine() {
        LogRecord record = new LogRecord(Level.FINE, "Watch connection = closed\nreconnecting");
        record.setLoggerName("io.fabric8.kubernetes.client.dsl.internal.AbstractWatchManager");
        record.setInstant(Instant.parse("2026-11-24T22:07:27.363Z"));
        record.setThrown(new IllegalStateException("gone"));

        String line = new LogfmtFormatter().format(record);

        assertThat(line).startsWith("time=2026-11-24T22:07:27.363Z level=debug logger=AbstractWatchManager "
                + "msg=\"Watch connection = closed\\nreconnecting\" exception=\"java.lang.IllegalStateException: gone\" "
                + "stack_trace=\"java.lang.IllegalStateException: gone\\n\\tat ");
        assertThat(line.strip()).doesNotContain("\n");
    }
}
