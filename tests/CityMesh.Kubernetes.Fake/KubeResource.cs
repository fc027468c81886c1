namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// A resource type the fake serves. Core resources (empty group) live under <c>/api/v1</c>, others under
/// <c>/apis/{group}/{version}</c>; namespaced ones add <c>namespaces/{ns}</c> (PROTOCOLS.md §2.2).
/// </summary>
public sealed record KubeResource(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static readonly KubeResource TwinScenarios = new("citymesh.io", "v1alpha1", "twinscenarios", "TwinScenario");
    public static readonly KubeResource Jobs = new("batch", "v1", "jobs", "Job");
    public static readonly KubeResource Pods = new("", "v1", "pods", "Pod");
    public static readonly KubeResource ConfigMaps = new("", "v1", "configmaps", "ConfigMap");
    public static readonly KubeResource Events = new("events.k8s.io", "v1", "events", "Event");
    public static readonly KubeResource Leases = new("coordination.k8s.io", "v1", "leases", "Lease");
}
