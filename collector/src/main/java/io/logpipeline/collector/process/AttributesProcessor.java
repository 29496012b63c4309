package io.logpipeline.collector.process;

import io.logpipeline.api.v1alpha1.AttributesProcessorSpec;
import io.logpipeline.collector.chain.RecordStage;
import io.logpipeline.collector.record.LogRecord;

/** The attributes processor: its actions, compiled, applied in order to each record's attributes. */
public final class AttributesProcessor implements RecordStage {

    private final AttributeEdit[] edits;

    private AttributesProcessor(AttributeEdit[] edits) {
        this.edits = edits;
    }

    public static AttributesProcessor compile(AttributesProcessorSpec spec) {
        return new AttributesProcessor(spec.getActions().stream().map(AttributeEdit::compile).toArray(AttributeEdit[]::new));
    }

    @Override
    public boolean apply(LogRecord record) {
        for (AttributeEdit edit : edits) {
            edit.apply(record.attributes(), record);
        }
        return true;
    }
}
