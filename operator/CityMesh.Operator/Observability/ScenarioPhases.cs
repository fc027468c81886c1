using System.Collections.Concurrent;
using CityMesh.Kubernetes;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Observability;

/// <summary>
/// The phase of every scenario the informer has seen, kept from its events (one dictionary write each) so a scrape
/// never walks or copies the informer's cache; and, when one is seen to finish (Succeeded or Failed, from another
/// phase), how long it ran, from its status's start to completion time.
/// </summary>
/// <param name="finished">Told the phase a scenario finished in and how long it ran.</param>
public sealed class ScenarioPhases(Action<string, TimeSpan>? finished = null)
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
        var status = e.Object.Status;
        var now = status?.Phase is { Length: > 0 } phase ? Array.Find(Known, k => k == phase) ?? phase : Unknown;
        var before = _byKey.TryGetValue(e.Key, out var seen) ? seen : null;
        _byKey[e.Key] = now;
        // Once per run: seen in a live phase before (not on the informer's first list, which may replay old results).
        if (now is Phases.Succeeded or Phases.Failed && before is not null && before != now
            && status is { StartTime: { } start, CompletionTime: { } end } && end >= start)
            finished?.Invoke(now, end - start);
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
