using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Model;
using k8s;
using k8s.Models;

namespace CityMesh.Operator.Kube;

/// <summary>
/// What the reconciler reads and writes, each one KubernetesClient call: the scenario typed through
/// <see cref="GenericClient"/>, its status by server-side apply, Jobs and pods through the typed clients. Jobs and
/// pods leave here as JSON (<see cref="KubeJson"/>), the form ScenarioJobs, JobObservation and KpiCollection read.
/// </summary>
public sealed class ScenarioCluster(IKubernetes kube)
{
    /// <summary>The field manager of everything the operator applies; managedFields name it.</summary>
    public const string FieldManager = "citymesh-operator";

    private readonly GenericClient _scenarios = new(kube, TwinScenario.Group, TwinScenario.Version, TwinScenario.Plural, disposeClient: false);

    public IKubernetes Client => kube;

    /// <summary>The scenario, or null when it is gone.</summary>
    /// <exception cref="JsonException">It exists but cannot be read as a TwinScenario.</exception>
    public async Task<TwinScenario?> GetScenarioAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return await _scenarios.ReadNamespacedAsync<TwinScenario>(ns, name, ct);
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    /// <summary>
    /// Server-side apply of the whole status under <see cref="FieldManager"/>. Forced, because the operator is the
    /// status's one writer by design; the resourceVersion read is sent too, so a write from a stale view is a 409
    /// (the queue retries from a fresh read) instead of overwriting. Fields the last apply set and this one omits go.
    /// </summary>
    public async Task<TwinScenario> ApplyStatusAsync(TwinScenario s, TwinScenarioStatus status, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = TwinScenario.GroupVersion,
            ["kind"] = TwinScenario.KindName,
            ["metadata"] = new JsonObject
            {
                ["name"] = s.Metadata.Name,
                ["namespace"] = s.Metadata.Namespace,
                ["resourceVersion"] = s.Metadata.ResourceVersion,
            },
            ["status"] = JsonSerializer.SerializeToNode(status, ScenarioJson.Options),
        };
        return await kube.CustomObjects.PatchNamespacedCustomObjectStatusAsync<TwinScenario>(
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), TwinScenario.Group, TwinScenario.Version,
            s.Metadata.Namespace, TwinScenario.Plural, s.Metadata.Name, fieldManager: FieldManager, force: true, cancellationToken: ct);
    }

    /// <summary>An RFC 6902 JSON patch of the scenario (its finalizers; see TwinScenarioReconciler.Writes for why not apply).</summary>
    public Task<TwinScenario> PatchScenarioAsync(TwinScenario s, JsonArray operations, CancellationToken ct) =>
        _scenarios.PatchNamespacedAsync<TwinScenario>(new V1Patch(operations.ToJsonString(), V1Patch.PatchType.JsonPatch),
            s.Metadata.Namespace, s.Metadata.Name, ct);

    public async Task<JsonObject?> GetJobAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            return KubeJson.ToJson(await kube.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct));
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    /// <summary>POST; a Job of that name answers 409 AlreadyExists.</summary>
    public async Task<JsonObject> CreateJobAsync(JsonObject job, CancellationToken ct)
    {
        var typed = KubeJson.FromJson<V1Job>(job);
        return KubeJson.ToJson(await kube.BatchV1.CreateNamespacedJobAsync(typed, typed.Metadata.NamespaceProperty, cancellationToken: ct));
    }

    /// <summary>
    /// Deletes in the background: the Job goes now and the garbage collector removes its pods. False when there was
    /// nothing to delete.
    /// </summary>
    public async Task<bool> DeleteJobAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            await kube.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: "Background", cancellationToken: ct);
            return true;
        }
        catch (Exception e) when (ApiErrors.Is(e, HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<JsonObject>> ListJobsAsync(string ns, string labelSelector, CancellationToken ct) =>
        [.. (await kube.BatchV1.ListNamespacedJobAsync(ns, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(KubeJson.ToJson)];

    public async Task<IReadOnlyList<JsonObject>> ListPodsAsync(string ns, string labelSelector, CancellationToken ct) =>
        [.. (await kube.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, cancellationToken: ct)).Items.Select(KubeJson.ToJson)];
}
