package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.ParserSpec;
import io.logpipeline.api.v1alpha1.ProcessorSpec;
import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.parse.JsonParser;
import io.logpipeline.collector.parse.RegexParser;
import io.logpipeline.collector.parse.SeverityParser;
import io.logpipeline.collector.record.LogRecord;
import io.logpipeline.collector.telemetry.DropReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The parsers, then the processors, each compiled once, applied in spec order to every record. A record a
 * stage drops is acknowledged here, at once — the one place drops are acknowledged — so its file's checkpoint
 * can move on — and counted by reason: {@code parse_error} for a parser whose {@code onError} is drop,
 * {@code filtered} for a filter processor's rule. Every other record goes to the next sink.
 */
public final class ProcessingChain implements RecordConsumer {

    private final RecordStage[] stages;
    /** Why a record the stage at the same index drops is not delivered. */
    private final LongAdder[] dropCounters;
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final RecordConsumer next;

    private ProcessingChain(List<RecordStage> stages, RecordConsumer next) {
        this.stages = stages.toArray(RecordStage[]::new);
        this.dropCounters = new LongAdder[this.stages.length];
        for (int i = 0; i < this.stages.length; i++) {
            DropReason reason = this.stages[i] instanceof FilterProcessor ? DropReason.FILTERED : DropReason.PARSE_ERROR;
            dropCounters[i] = dropped.computeIfAbsent(reason, r -> new LongAdder());
        }
        this.next = next;
    }

    /**
     * @throws IllegalArgumentException when a pattern or layout does not compile (the validator reports these first)
     */
    public static ProcessingChain compile(List<ParserSpec> parsers, List<ProcessorSpec> processors, RecordConsumer next) {
        List<RecordStage> stages = new ArrayList<>();
        for (ParserSpec parser : parsers == null ? List.<ParserSpec>of() : parsers) {
            stages.add(compile(parser));
        }
        for (ProcessorSpec processor : processors == null ? List.<ProcessorSpec>of() : processors) {
            stages.add(compile(processor));
        }
        return new ProcessingChain(stages, next);
    }

    /** Every compiled stage, in order (for their stats). */
    public List<RecordStage> stages() {
        return List.of(stages);
    }

    /** Records dropped so far for {@code reason} ({@code parse_error} or {@code filtered}; 0 for any other). */
    public long droppedRecords(DropReason reason) {
        LongAdder counter = dropped.get(reason);
        return counter == null ? 0 : counter.sum();
    }

    @Override
    public void accept(LogRecord record) {
        for (int i = 0; i < stages.length; i++) {
            if (!stages[i].apply(record)) {
                dropCounters[i].increment();
                record.acknowledgement().acknowledge();
                return;
            }
        }
        next.accept(record);
    }

    private static RecordStage compile(ParserSpec parser) {
        if (parser.getRegex() != null) {
            return RegexParser.compile(parser.getRegex());
        } else if (parser.getJson() != null) {
            return JsonParser.compile(parser.getJson());
        }
        return SeverityParser.compile(parser.getSeverity());
    }

    private static RecordStage compile(ProcessorSpec processor) {
        if (processor.getAttributes() != null) {
            return AttributesProcessor.compile(processor.getAttributes());
        } else if (processor.getResource() != null) {
            return ResourceProcessor.compile(processor.getResource());
        }
        return FilterProcessor.compile(processor.getFilter());
    }
}
