package io.logpipeline.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * What a pipeline's collector gets when its spec leaves image or resources empty, and how its image is
 * pulled (the operator's configuration).
 *
 * @param imagePullPolicy Always, IfNotPresent or Never; null leaves Kubernetes' default
 * @param imagePullSecrets names of docker-registry Secrets in each pipeline's namespace
 */
public record CollectorDefaults(String image, ResourceRequirements resources, String imagePullPolicy, List<String> imagePullSecrets) {

    public CollectorDefaults {
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }

    public CollectorDefaults(String image, ResourceRequirements resources) {
        this(image, resources, null, List.of());
    }
}
