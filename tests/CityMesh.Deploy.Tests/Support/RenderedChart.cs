using System.Text.Json.Nodes;

namespace CityMesh.Deploy.Tests.Support;

/// <summary>One rendered manifest: the template it came from and the object.</summary>
internal sealed record Manifest(string Source, JsonObject Object)
{
    public string Kind => (string)Object["kind"]!;
    public string Name => (string)Object["metadata"]!["name"]!;
    public override string ToString() => $"{Kind}/{Name} ({Source})";
}

/// <summary>What <c>chart-render --json</c> printed: the manifests and the rendered NOTES.txt.</summary>
internal sealed record RenderedChart(IReadOnlyList<Manifest> Manifests, string Notes)
{
    public IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    public Manifest Single(string kind, string name) =>
        Manifests.SingleOrDefault(m => m.Kind == kind && m.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"no {kind}/{name}; rendered: {string.Join(", ", Manifests)}");

    /// <summary>Pod templates of Deployments (and Jobs, if any), with the owning manifest.</summary>
    public IEnumerable<(Manifest Owner, JsonObject Pod)> PodTemplates() =>
        Manifests.Where(m => m.Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job")
            .Select(m => (m, m.Object["spec"]!["template"]!.AsObject()));
}
