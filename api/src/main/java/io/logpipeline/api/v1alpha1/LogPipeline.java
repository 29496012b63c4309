package io.logpipeline.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A log-collection pipeline: which container logs to read, how to process them, and where to send them. */
@Group(LogPipeline.GROUP)
@Version(LogPipeline.VERSION)
@ShortNames("lp")
@Categories("logging")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Collectors", jsonPath = ".status.collectors.summary")
@AdditionalPrinterColumn(name = "Sent (5m)", jsonPath = ".status.backends[*].sent")
@AdditionalPrinterColumn(name = "Failed (5m)", jsonPath = ".status.backends[*].failed")
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LogPipeline extends CustomResource<LogPipelineSpec, LogPipelineStatus> implements Namespaced {

    public static final String GROUP = "logpipeline.io";
    public static final String VERSION = "v1alpha1";
}
