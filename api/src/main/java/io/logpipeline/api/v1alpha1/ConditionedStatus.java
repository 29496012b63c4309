package io.logpipeline.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status with conditions and the generation they describe: what the operator's one status writer handles for both kinds. */
public interface ConditionedStatus {

    List<Condition> getConditions();

    void setConditions(List<Condition> conditions);

    Long getObservedGeneration();
}
