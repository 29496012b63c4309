package io.logpipeline.collector.upgrade;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.logpipeline.api.agent.AgentContract;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logpipeline-collector remove-legacy-objects}: the chart's post-upgrade hook. Versions before the node agent
 * rendered a ServiceAccount, ConfigMap, Secret and DaemonSet per pipeline in the pipeline's namespace, plus a
 * ClusterRole and ClusterRoleBinding; after an upgrade their collectors would keep shipping beside the agent
 * (duplicates). The operator may not delete them (it holds no cluster-wide delete and no RBAC verb, by design), so
 * this runs once per {@code helm upgrade} under a short-lived ServiceAccount that the hook creates and Helm deletes.
 * Only objects with {@link AgentContract#LEGACY_PIPELINE_OBJECTS_SELECTOR} are touched; checkpoints are files on
 * the nodes and keep their meaning.
 */
@Command(name = "remove-legacy-objects", mixinStandardHelpOptions = true,
        description = "Deletes the per-pipeline DaemonSets, ConfigMaps, Secrets, ServiceAccounts, ClusterRoles and "
                + "ClusterRoleBindings that versions before the node agent rendered (label selector "
                + AgentContract.LEGACY_PIPELINE_OBJECTS_SELECTOR + "). Run by the chart's post-upgrade hook.")
public final class RemoveLegacyObjectsCommand implements Callable<Integer> {

    /** One kind of legacy object; DaemonSets come first so their collectors stop before their config goes. */
    private record LegacyKind(String apiVersion, String kind, boolean clusterScoped) {

        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> in(
                KubernetesClient client, String namespace) {
            var resources = client.genericKubernetesResources(apiVersion, kind);
            return namespace == null ? resources : resources.inNamespace(namespace);
        }
    }

    private static final String RBAC = "rbac.authorization.k8s.io/v1";
    private static final List<LegacyKind> KINDS = List.of(
            new LegacyKind("apps/v1", "DaemonSet", false),
            new LegacyKind("v1", "ConfigMap", false),
            new LegacyKind("v1", "Secret", false),
            new LegacyKind("v1", "ServiceAccount", false),
            new LegacyKind(RBAC, "ClusterRoleBinding", true),
            new LegacyKind(RBAC, "ClusterRole", true));

    @Option(names = "--dry-run", description = "List what would be deleted, delete nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final Supplier<KubernetesClient> clients;

    /** The client from the usual places: the pod's ServiceAccount, or ~/.kube/config. */
    public RemoveLegacyObjectsCommand() {
        this(() -> new KubernetesClientBuilder().build());
    }

    /** For tests: a client with the identity the hook runs as. */
    public RemoveLegacyObjectsCommand(Supplier<KubernetesClient> clients) {
        this.clients = clients;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = dryRun ? "would delete" : "deleted";
        int count = 0;
        try (KubernetesClient client = clients.get()) {
            for (LegacyKind kind : KINDS) {
                for (HasMetadata object : list(client, kind)) {
                    if (!dryRun) {
                        delete(client, kind, object.getMetadata());
                    }
                    out.println("remove-legacy-objects: " + verb + " " + kind.kind() + " " + qualifiedName(object.getMetadata()));
                    count++;
                }
            }
        } catch (KubernetesClientException e) {
            err.println("remove-legacy-objects: " + describe(e));
            return 1;
        }
        out.println("remove-legacy-objects: " + verb + " " + count + " object(s) of the per-pipeline collectors"
                + (count == 0 ? " (none left; nothing to do)" : ""));
        out.flush();
        return 0;
    }

    private static List<GenericKubernetesResource> list(KubernetesClient client, LegacyKind kind) {
        var resources = client.genericKubernetesResources(kind.apiVersion(), kind.kind());
        var selected = kind.clusterScoped()
                ? resources.withLabelSelector(AgentContract.LEGACY_PIPELINE_OBJECTS_SELECTOR)
                : resources.inAnyNamespace().withLabelSelector(AgentContract.LEGACY_PIPELINE_OBJECTS_SELECTOR);
        return selected.list().getItems();
    }

    private static void delete(KubernetesClient client, LegacyKind kind, ObjectMeta metadata) {
        // Background propagation: a DaemonSet's pods go too, without waiting for them here.
        kind.in(client, metadata.getNamespace()).withName(metadata.getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    private static String qualifiedName(ObjectMeta metadata) {
        return metadata.getNamespace() == null ? metadata.getName() : metadata.getNamespace() + "/" + metadata.getName();
    }

    private static String describe(KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
            return "forbidden: " + e.getStatus().getMessage() + " - the hook's ServiceAccount needs list and delete on "
                    + "daemonsets, configmaps, secrets and serviceaccounts cluster-wide and on clusterroles and "
                    + "clusterrolebindings (the chart's templates/upgrade-remove-legacy-objects.yaml grants them)";
        }
        return "cannot reach the API server: " + e.getMessage();
    }
}
