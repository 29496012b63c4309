package io.logpipeline.collector.pipeline;

import io.logpipeline.collector.batch.BatchStats;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.input.FileInputStats;
import io.logpipeline.collector.metadata.MetadataStats;
import io.logpipeline.collector.parse.JsonParser;
import io.logpipeline.collector.parse.ParserStats;
import io.logpipeline.collector.parse.RegexParser;
import io.logpipeline.collector.parse.SeverityParser;
import io.logpipeline.collector.process.FilterProcessor;
import io.logpipeline.collector.process.ProcessingChain;
import io.logpipeline.collector.telemetry.CollectorMetrics;
import io.logpipeline.collector.telemetry.DropReason;
import io.logpipeline.collector.telemetry.StageCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Moves what one pipeline's stages count in their own stats (file input, parsers, filters, batch, metadata) to the
 * agent's metrics: each {@link #report()} adds what every counter gained since the last one. The stages stay free of
 * the metrics registry (their hot paths add to a {@link LongAdder}), and a reloaded pipeline's counts continue the
 * series of the one it replaced, since the deltas go to the same pipeline's counters.
 */
final class PipelineCounters {

    private final CollectorMetrics metrics;
    private final FileInputStats input;
    private final List<Delta> deltas = new ArrayList<>();
    private int reportedOpenFiles;

    /** @param metadata the metadata stage's stats; null when the pipeline has no metadata */
    PipelineCounters(CollectorMetrics metrics, FileInputStats input, ProcessingChain chain, BatchStats batch, MetadataStats metadata) {
        this.metrics = metrics;
        this.input = input;
        counter(input::linesRead, StageCounter.LINES_READ);
        counter(input::bytesRead, StageCounter.BYTES_READ);
        counter(input::recordsHandedOn, StageCounter.RECORDS_READ);
        counter(input::parseErrors, StageCounter.MALFORMED_LINES);
        counter(input::directoryScans, StageCounter.DIRECTORY_SCANS);
        dropped(input::truncatedRecords, DropReason.TRUNCATED);
        for (FileInputStats.LossReason reason : FileInputStats.LossReason.values()) {
            deltas.add(new Delta(() -> input.lostBytes(reason), count -> metrics.lostBytes(reason, count)));
        }
        dropped(() -> chain.droppedRecords(DropReason.PARSE_ERROR), DropReason.PARSE_ERROR);
        dropped(() -> chain.droppedRecords(DropReason.FILTERED), DropReason.FILTERED);
        stages(chain.stages());
        counter(batch.sentForSize::sum, StageCounter.BATCH_SIZE_TRIGGER);
        counter(batch.sentForTimeout::sum, StageCounter.BATCH_TIMEOUT_TRIGGER);
        counter(batch.sentForFlush::sum, StageCounter.BATCH_FLUSH_TRIGGER);
        counter(batch.cardinalityOverflowRecords::sum, StageCounter.BATCH_CARDINALITY_OVERFLOW);
        if (metadata != null) {
            counter(metadata.missing::sum, StageCounter.METADATA_MISSING);
            counter(metadata.waitedAndEnriched::sum, StageCounter.METADATA_WAITED);
        }
    }

    // Parsers come first in the chain, then the processors; each is labelled <type>/<index in its list>.
    private void stages(List<RecordStage> stages) {
        int parsers = 0;
        int processors = 0;
        for (RecordStage stage : stages) {
            ParserStats parser = stage instanceof RegexParser regex ? regex.stats()
                    : stage instanceof JsonParser json ? json.stats()
                    : stage instanceof SeverityParser severity ? severity.stats() : null;
            if (parser != null) {
                String label = parserType(stage) + "/" + parsers++;
                deltas.add(new Delta(parser.failedSent::sum, count -> metrics.parserFailed(label, false, count)));
                deltas.add(new Delta(parser.failedDropped::sum, count -> metrics.parserFailed(label, true, count)));
                continue;
            }
            String processor = "filter/" + processors++;
            if (stage instanceof FilterProcessor filter) {
                Map<String, LongAdder> rules = new HashMap<>(filter.stats().dropsByRule());
                rules.forEach((rule, drops) -> deltas.add(new Delta(drops::sum, count -> metrics.filterDropped(processor, rule, count))));
            }
        }
    }

    private static String parserType(RecordStage parser) {
        return parser instanceof RegexParser ? "regex" : parser instanceof JsonParser ? "json" : "severity";
    }

    private void counter(LongSupplier total, StageCounter counter) {
        deltas.add(new Delta(total, count -> metrics.add(counter, count)));
    }

    private void dropped(LongSupplier total, DropReason reason) {
        deltas.add(new Delta(total, count -> metrics.dropped(reason, count)));
    }

    /** Adds what each counter gained since the last call; from the processing thread's tick and from stop. */
    synchronized void report() {
        int open = input.openFiles();
        for (; reportedOpenFiles < open; reportedOpenFiles++) {
            metrics.fileOpened();
        }
        for (; reportedOpenFiles > open; reportedOpenFiles--) {
            metrics.fileClosed();
        }
        for (Delta delta : deltas) {
            delta.report();
        }
    }

    /** One counter of a stage and what of it was reported already. */
    private static final class Delta {
        private final LongSupplier total;
        private final LongConsumer add;
        private long reported;

        Delta(LongSupplier total, LongConsumer add) {
            this.total = total;
            this.add = add;
        }

        void report() {
            long now = total.getAsLong();
            if (now != reported) {
                add.accept(now - reported);
                reported = now;
            }
        }
    }
}
