using System.Collections.Concurrent;
using CityMesh.Kubernetes;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Observability;

/// <summary>
/// The phase of every scenario the informer has seen, kept from its events (one dictionary write each) so a scrape
/// never walks or copies the informer's cache.
/// </summary>
public sealed class ScenarioPhases
{
    /// <summary>A scenario the operator has not written a status to yet.</summary>
    public const string Unknown = "Unknown";

    private static readonly string[] Known = [Phases.Pending, Phases.Running, Phases.Succeeded, Phases.Failed];
    private readonly ConcurrentDictionary<string, string> _byKey = new(StringComparer.Ordinal);

    public void Observe(InformerEvent<TwinScenario> e)
    {
        if (e.Type == "DELETED")
        {
            _byKey.TryRemove(e.Key, out _);
            return;
        }
        _byKey[e.Key] = e.Object.Status?.Phase is { Length: > 0 } phase
            ? Array.Find(Known, k => k == phase) ?? phase
            : Unknown;
    }

    /// <summary>The controller stopped (shutdown or lost lease): this replica no longer knows.</summary>
    public void Clear() => _byKey.Clear();

    /// <summary>Scenarios per phase, the four known phases always present, ordered by phase.</summary>
    public SortedDictionary<string, int> Counts()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var phase in Known) counts[phase] = 0;
        foreach (var phase in _byKey.Values) counts[phase] = counts.GetValueOrDefault(phase) + 1;
        return counts;
    }
}
