package io.logpipeline.operator.startup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.logpipeline.api.v1alpha1.LogBackend;
import io.logpipeline.api.v1alpha1.LogPipeline;
import java.util.List;

/** Fails fast, with one sentence that says the fix, when the logpipeline.io CRDs are not installed. */
public final class CrdCheck {

    private CrdCheck() {
    }

    /** @throws IllegalStateException naming the missing CRDs and how to install them */
    public static void requireInstalled(KubernetesClient client) {
        // API discovery needs no RBAC beyond what every authenticated client has.
        List<String> missing = new java.util.ArrayList<>();
        if (!client.supports(LogPipeline.class)) {
            missing.add("logpipelines.logpipeline.io");
        }
        if (!client.supports(LogBackend.class)) {
            missing.add("logbackends.logpipeline.io");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The CustomResourceDefinitions " + String.join(", ", missing)
                    + " are not installed in the cluster at " + client.getMasterUrl()
                    + "; install them with helm (the chart's crds/) or kubectl apply -f crds/, then restart the operator.");
        }
    }
}
