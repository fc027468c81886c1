using k8s;
using k8s.Exceptions;

namespace CityMesh.Operator.Kube;

/// <summary>Where the operator finds its API server: KubernetesClient's own configuration, chosen as client-go chooses.</summary>
public static class KubeConnection
{
    /// <summary>
    /// In cluster (the pod's service account) when KUBERNETES_SERVICE_HOST and _PORT are set, else the kubeconfig
    /// (KUBECONFIG, else ~/.kube/config) at its current context.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is usable; the message says what was looked for.</exception>
    public static KubernetesClientConfiguration FromEnvironment()
    {
        try
        {
            return KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable("KUBECONFIG"));
        }
        catch (KubeConfigException e)
        {
            throw new InvalidOperationException(
                "No Kubernetes API server to talk to: not in a cluster (KUBERNETES_SERVICE_HOST/PORT unset) and the kubeconfig "
                + $"(KUBECONFIG, else {KubernetesClientConfiguration.KubeConfigDefaultLocation}) is unusable: {e.Message}", e);
        }
    }
}
