package io.logpipeline.collector.batch;

/**
 * Where the batch stage hands its batches: the export stage. It owns the batch from then on and must see
 * that {@link Batch#acknowledge()} is called once every backend has accepted or permanently rejected it.
 */
@FunctionalInterface
public interface BatchExporter {

    void export(Batch batch);
}
