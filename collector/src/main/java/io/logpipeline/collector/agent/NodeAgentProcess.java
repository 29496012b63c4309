package io.logpipeline.collector.agent;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.logpipeline.api.units.GoDuration;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The agent as a process: starts a {@link NodeAgent}, runs until SIGTERM/SIGINT, then stops it within the
 * grace and ends with exit code 0, so the kubelet records a clean stop as Completed.
 */
public final class NodeAgentProcess {

    /** Exit code when the command line or a configuration cannot be used; the kubelet shows it in the pod's last state. */
    public static final int EXIT_INVALID_CONFIG = 2;

    private NodeAgentProcess() {
    }

    /** Runs the agent until the process is told to stop; returns only when it cannot start. */
    public static int run(NodeAgent.Settings settings, PrintWriter err) {
        System.Logger log = System.getLogger(NodeAgentProcess.class.getName());
        NodeAgent agent;
        try {
            agent = new NodeAgent(settings, () -> new KubernetesClientBuilder().build());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_INVALID_CONFIG;
        }
        try {
            agent.start();
        } catch (IOException e) {
            err.println("cannot listen on " + settings.telemetryAddress() + ":" + settings.telemetryPort()
                    + " (--telemetry-port): " + e.getMessage() + "; choose a free port");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(agent, settings.shutdownGrace(), log), "collector-shutdown"));
        try {
            new CountDownLatch(1).await(); // runs until SIGTERM/SIGINT; the shutdown hook ends the process
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void stop(NodeAgent agent, Duration grace, System.Logger log) {
        log.log(System.Logger.Level.INFO, "event=shutdown_requested grace={0}", GoDuration.format(grace));
        try {
            agent.stop(grace);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "event=shutdown_failed error=\"" + e + "\"");
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0);
    }
}
