using Orleans.Hosting;
using Orleans.Hosting.Kubernetes;

namespace AIoT.Host.Hosting;

/// <summary>
/// A clustered silo running in a Kubernetes pod (deploy/kubernetes) takes its name, advertised address and cluster id
/// from the pod (POD_NAME, POD_NAMESPACE, POD_IP, ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID), and the cluster declares a
/// silo dead as soon as Kubernetes deletes its pod instead of waiting for missed probes. Anywhere else (no POD_NAME and
/// POD_NAMESPACE) nothing changes.
/// </summary>
internal static class KubernetesHosting
{
    public static void Apply(ISiloBuilder silo) => Apply(silo, Environment.GetEnvironmentVariable);

    internal static void Apply(ISiloBuilder silo, Func<string, string?> environment)
    {
        if (InPod(environment))
        {
            // DeleteDefunctSiloPods stays off: a container restarted in place keeps its pod's name, so deleting "the pod
            // of the dead silo" would kill the silo that just replaced it.
            silo.UseKubernetesHosting();
        }
    }

    internal static bool InPod(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(environment(KubernetesHostingOptions.PodNameEnvironmentVariable))
        && !string.IsNullOrWhiteSpace(environment(KubernetesHostingOptions.PodNamespaceEnvironmentVariable));
}
