package io.logpipeline.operator.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/** One RBAC grant: verbs on a resource of an API group ("" is the core group). */
public record Permission(String apiGroup, String resource, List<String> verbs) {

    public static final List<String> READ = List.of("get", "list", "watch");

    public Permission {
        verbs = List.copyOf(verbs);
    }

    public PolicyRule toPolicyRule() {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resource).withVerbs(verbs).build();
    }
}
