using System.Text.Json.Nodes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Controller;

/// <summary>Which scenario a Job or pod event is about: the key of its owning TwinScenario.</summary>
public static class OwnerKeys
{
    public static string? ScenarioKeyOf(JsonObject obj)
    {
        string? ns = Json.Str(obj, "metadata", "namespace");
        if (string.IsNullOrEmpty(ns)) return null;
        // Jobs: the controller reference is exact. Pods are owned by the Job, so they carry the name themselves.
        string? name = Json.Objects(obj, "metadata", "ownerReferences")
                .FirstOrDefault(r => Json.Str(r, "kind") == TwinScenario.KindName && Json.Str(r, "apiVersion") == TwinScenario.GroupVersion) is { } owner
            ? Json.Str(owner, "name")
            : Json.Annotation(obj, ScenarioJobs.ScenarioNameAnnotation) ?? Json.Label(obj, WorkerContract.ScenarioLabel);
        return string.IsNullOrEmpty(name) ? null : $"{ns}/{name}";
    }
}
