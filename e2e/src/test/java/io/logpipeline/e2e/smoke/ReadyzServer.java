package io.logpipeline.e2e.smoke;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The smoke test's stand-in for a container: answers {@code /readyz}, and shows what the process
 * kubelet gave it — {@code /node} the NODE_NAME from the downward API, {@code /greeting} the file
 * mounted from a ConfigMap.
 *
 * <p>usage: {@code ReadyzServer <port> <greeting file>}
 */
public final class ReadyzServer {

  private ReadyzServer() {
  }

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    Path greeting = Path.of(args[1]);
    server.createContext("/readyz", exchange -> respond(exchange, "ok"));
    server.createContext("/node", exchange -> respond(exchange, Optional.ofNullable(System.getenv("NODE_NAME")).orElse("")));
    server.createContext("/greeting", exchange -> respond(exchange, Files.readString(greeting)));
    server.start();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
