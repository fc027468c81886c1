using System.Text.Json.Nodes;
using k8s;

namespace CityMesh.Operator.Kube;

/// <summary>
/// The one boundary between KubernetesClient's typed Jobs and pods and the JSON the reconciler's pure functions
/// (ScenarioJobs, JobObservation, KpiCollection) build and read, with the client's own serializer settings.
/// </summary>
internal static class KubeJson
{
    public static JsonObject ToJson<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    public static T FromJson<T>(JsonObject json) => KubernetesJson.Deserialize<T>(json.ToJsonString());
}
