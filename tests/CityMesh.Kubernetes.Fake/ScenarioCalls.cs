using System.Text.Json.Nodes;
using k8s;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// What tests do to TwinScenarios as a user would (kubectl create, edit, delete), through KubernetesClient's
/// CustomObjects API; objects travel as JSON so a test can build or bend them freely.
/// </summary>
public static class ScenarioCalls
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    public static async Task<JsonObject> CreateScenarioAsync(this IKubernetes kube, string ns, JsonObject body, CancellationToken ct = default) =>
        Json(await kube.CustomObjects.CreateNamespacedCustomObjectAsync(body, Ts.Group, Ts.Version, ns, Ts.Plural, cancellationToken: ct));

    public static async Task<JsonObject> GetScenarioAsync(this IKubernetes kube, string ns, string name, CancellationToken ct = default) =>
        Json(await kube.CustomObjects.GetNamespacedCustomObjectAsync(Ts.Group, Ts.Version, ns, Ts.Plural, name, ct));

    /// <summary>PUT: a stale metadata.resourceVersion answers 409.</summary>
    public static async Task<JsonObject> ReplaceScenarioAsync(this IKubernetes kube, string ns, string name, JsonObject body, CancellationToken ct = default) =>
        Json(await kube.CustomObjects.ReplaceNamespacedCustomObjectAsync(body, Ts.Group, Ts.Version, ns, Ts.Plural, name, cancellationToken: ct));

    public static async Task DeleteScenarioAsync(this IKubernetes kube, string ns, string name, CancellationToken ct = default) =>
        await kube.CustomObjects.DeleteNamespacedCustomObjectAsync(Ts.Group, Ts.Version, ns, Ts.Plural, name, cancellationToken: ct);

    /// <summary>The client hands untyped answers back as JSON elements; tests read them as nodes.</summary>
    public static JsonObject Json(object answer) => JsonNode.Parse(KubernetesJson.Serialize(answer))!.AsObject();
}
