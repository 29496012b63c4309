package io.logpipeline.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpipeline.e2e.sink.OtlpLogSink;
import io.logpipeline.e2e.sink.OtlpLogSink.ReceivedLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** What a sink received, as a user queries it: by field, and by the numbered lines of {@link ProductCluster#workload}s. */
final class ReceivedRecords {

  private static final Pattern SEQUENCE = Pattern.compile("seq=(\\d+) ");

  private ReceivedRecords() {
  }

  /** The resource attributes and the record attributes of one record: the fields a user queries. */
  static Map<String, String> fields(ReceivedLog log) {
    Map<String, String> fields = new HashMap<>(log.resource());
    fields.putAll(log.attributes());
    return fields;
  }

  /** Per {@code app} field (the pod label the pipelines extract), the sequence numbers of the lines received. */
  static Map<String, Set<Integer>> sequencesByApp(List<ReceivedLog> logs) {
    return logs.stream().collect(Collectors.groupingBy(log -> String.valueOf(fields(log).get("app")),
        Collectors.flatMapping(log -> {
          Matcher matcher = SEQUENCE.matcher(log.body() + " " + fields(log).getOrDefault("message", "") + " ");
          return matcher.find() ? Stream.of(Integer.parseInt(matcher.group(1))) : Stream.empty();
        }, Collectors.toCollection(TreeSet::new))));
  }

  /** Every line 1..n of {@code app} has arrived at {@code sink} (duplicates allowed: delivery is at-least-once). */
  static void assertAllArrived(OtlpLogSink sink, String app, int n) {
    assertThat(sequencesByApp(sink.accepted()).getOrDefault(app, Set.of()))
        .as("lines of %s that arrived", app)
        .containsAll(IntStream.rangeClosed(1, n).boxed().collect(Collectors.toList()));
  }
}
