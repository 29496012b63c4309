package io.logpipeline.api.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration document that cannot be used, with every problem found in it. */
public final class InvalidConfigException extends IllegalArgumentException {

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
