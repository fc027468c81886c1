using CityMesh.Scenarios.Model;
using k8s;
using k8s.Models;

namespace CityMesh.Operator.Kube;

/// <summary>A page of TwinScenarios as the API server lists them, typed for <c>GenericClient.ListNamespacedAsync</c>.</summary>
public sealed class TwinScenarioList : IKubernetesObject<V1ListMeta>, IItems<TwinScenario>
{
    public string ApiVersion { get; set; } = TwinScenario.GroupVersion;
    public string Kind { get; set; } = TwinScenario.KindName + "List";
    public V1ListMeta Metadata { get; set; } = new();
    public IList<TwinScenario> Items { get; set; } = [];
}
