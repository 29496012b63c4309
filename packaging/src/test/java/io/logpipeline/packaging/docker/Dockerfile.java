package io.logpipeline.packaging.docker;

import io.logpipeline.packaging.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into stages and instructions, enough to check it without a Docker engine:
 * comments dropped, backslash continuations joined, exec-form arguments parsed as JSON.
 */
record Dockerfile(List<Stage> stages) {

  /** One instruction: upper-case keyword and the raw argument text. */
  record Instruction(String keyword, String arguments) {

    /** The exec form (`["java", "-jar", ...]`) of ENTRYPOINT/CMD/RUN. */
    List<String> execForm() {
      if (!arguments.startsWith("[")) {
        throw new AssertionError(keyword + " is not in exec (JSON array) form: " + arguments);
      }
      return Yaml.stringList(arguments);
    }

    /** Whitespace-separated words, with `--flag=value` options first. */
    List<String> words() {
      return Arrays.asList(arguments.trim().split("\\s+"));
    }

    Optional<String> option(String name) {
      return words().stream().filter(w -> w.startsWith("--" + name + "=")).findFirst()
          .map(w -> w.substring(name.length() + 3));
    }

    /** Words that are not `--options`: for COPY, the sources then the destination. */
    List<String> operands() {
      return words().stream().filter(w -> !w.startsWith("--")).toList();
    }
  }

  /** A build stage: its base image, optional name, and its instructions after FROM. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> matches = all(keyword);
      return matches.isEmpty() ? Optional.empty() : Optional.of(matches.get(matches.size() - 1));
    }

    String repository() {
      return image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
    }

    String tag() {
      return image.contains(":") ? image.substring(image.indexOf(':') + 1) : "";
    }

    String workdir() {
      return last("WORKDIR").map(Instruction::arguments).orElse("/");
    }
  }

  static Dockerfile read(Path file) throws IOException {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    StringBuilder logical = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && logical.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String text = logical.toString().trim();
      logical.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      int space = text.indexOf(' ');
      String keyword = text.substring(0, space).toUpperCase(Locale.ROOT);
      String arguments = text.substring(space + 1).trim();
      if (keyword.equals("FROM")) {
        String[] words = arguments.split("\\s+");
        String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(words[0], name, current));
      } else {
        if (current == null) {
          throw new AssertionError(file + ": " + keyword + " before the first FROM");
        }
        current.add(new Instruction(keyword, arguments));
      }
    }
    return new Dockerfile(List.copyOf(stages));
  }

  Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new AssertionError("no stage named " + name));
  }
}
