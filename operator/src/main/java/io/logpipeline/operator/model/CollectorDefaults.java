package io.logpipeline.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** What a pipeline's collector gets when its spec leaves image or resources empty (the operator's configuration). */
public record CollectorDefaults(String image, ResourceRequirements resources) {
}
