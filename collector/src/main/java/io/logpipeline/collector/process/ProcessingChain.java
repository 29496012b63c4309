package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.ParserSpec;
import io.logpipeline.api.v1alpha1.ProcessorSpec;
import io.logpipeline.collector.chain.RecordConsumer;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.parse.JsonParser;
import io.logpipeline.collector.parse.RegexParser;
import io.logpipeline.collector.parse.SeverityParser;
import io.logpipeline.collector.record.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsers, then the processors, each compiled once, applied in spec order to every record. A record a
 * stage drops is acknowledged here, at once — the one place drops are acknowledged — so its file's checkpoint
 * can move on; every other record goes to the next sink.
 */
public final class ProcessingChain implements RecordConsumer {

    private final RecordStage[] stages;
    private final RecordConsumer next;

    private ProcessingChain(List<RecordStage> stages, RecordConsumer next) {
        this.stages = stages.toArray(RecordStage[]::new);
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

    @Override
    public void accept(LogRecord record) {
        for (RecordStage stage : stages) {
            if (!stage.apply(record)) {
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
