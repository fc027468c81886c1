using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;
using k8s.Models;

namespace CityMesh.Operator.Controller;

/// <summary>Which scenario a Job or pod event is about: the key of its owning TwinScenario.</summary>
public static class OwnerKeys
{
    public static string? ScenarioKeyOf(V1ObjectMeta? metadata)
    {
        string? ns = metadata?.NamespaceProperty;
        if (metadata is null || string.IsNullOrEmpty(ns)) return null;
        // Jobs: the controller reference is exact. Pods are owned by the Job, so they carry the name themselves.
        string? name = metadata.OwnerReferences?.FirstOrDefault(r => r.Kind == TwinScenario.KindName && r.ApiVersion == TwinScenario.GroupVersion) is { } owner
            ? owner.Name
            : Value(metadata.Annotations, ScenarioJobs.ScenarioNameAnnotation) ?? Value(metadata.Labels, WorkerContract.ScenarioLabel);
        return string.IsNullOrEmpty(name) ? null : $"{ns}/{name}";
    }

    private static string? Value(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : null;
}
