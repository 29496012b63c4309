package io.logpipeline.e2e.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.logpipeline.e2e.kubelet.PodProcess;
import io.logpipeline.e2e.kubelet.PodProcessLauncher;
import io.logpipeline.e2e.kubelet.PodSandbox;
import io.logpipeline.e2e.process.FreePorts;
import io.logpipeline.e2e.process.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs the collector image's pod as {@code java -jar logpipeline-collector.jar} with its container
 * args. The rendered {@code collector.json} names container paths ({@code /var/log/pods/*&#47;*&#47;*.log},
 * {@code /var/lib/logpipeline}, {@code /etc/logpipeline/credentials/...}); a container sees them
 * through its volume mounts, a local process cannot, so the launcher writes a copy of the mounted
 * config with every path that lies on a mount replaced by where that mount is on this disk — the
 * same files, the product unchanged. Telemetry port 12345 moves to a free local port.
 */
public final class CollectorLauncher implements PodProcessLauncher {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TELEMETRY_PORT = 12345;

  @Override
  public PodProcess launch(PodSandbox sandbox) {
    List<String> args = sandbox.container().getArgs();
    int configIndex = args.indexOf("--config") + 1;
    if (configIndex == 0) {
      throw new IllegalStateException("collector container args " + args + " name no --config");
    }
    int port = FreePorts.next();
    Path config = localConfig(sandbox, sandbox.hostPath(args.get(configIndex)), port);
    List<String> command = new ArrayList<>(List.of(ProductJars.java(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xmx128m", "-Djava.io.tmpdir=" + sandbox.hostPath("/tmp"), "-jar", ProductJars.collector().toString()));
    command.addAll(args);
    command.set(command.size() - args.size() + configIndex, config.toString());
    command.addAll(List.of("--telemetry-address", "127.0.0.1"));
    LocalProcess process = LocalProcess.start("collector " + sandbox.pod().getMetadata().getName(), command,
        sandbox.environment(), sandbox.dir(), sandbox.dir().resolve("collector.log"));
    return new PodProcess(process, Map.of(TELEMETRY_PORT, port));
  }

  private static Path localConfig(PodSandbox sandbox, Path mounted, int port) {
    try {
      ObjectNode config = (ObjectNode) JSON.readTree(mounted.toFile());
      JsonNode local = onThisDisk(sandbox, config);
      ((ObjectNode) local).withObject("/telemetry").put("port", port);
      Path file = sandbox.dir().resolve("collector.json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), local);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the collector config " + mounted, e);
    }
  }

  /** A copy of {@code node} with every absolute path on one of the container's mounts mapped to the local disk. */
  private static JsonNode onThisDisk(PodSandbox sandbox, JsonNode node) {
    if (node.isTextual() && node.asText().startsWith("/")) {
      try {
        return TextNode.valueOf(sandbox.hostPath(node.asText()).toString());
      } catch (IllegalArgumentException notOnAMount) {
        return node;
      }
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(onThisDisk(sandbox, element)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        copy.set(field.getKey(), onThisDisk(sandbox, field.getValue()));
      }
      return copy;
    }
    return node;
  }
}
