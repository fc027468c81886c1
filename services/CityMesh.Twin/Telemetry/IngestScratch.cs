using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Telemetry;

/// <summary>
/// The working lists of one ingest batch, kept for the next. A batch of 20,000 events makes lists of hundreds of
/// kilobytes each; made new per batch they landed on the large object heap, which only full collections reclaim,
/// and the firehose ran mostly on full (gen 2) collections. Kept, they keep their capacity and cost nothing.
/// </summary>
internal sealed class IngestScratch
{
    /// <summary>The new events of the batch.</summary>
    public List<CloudEvent> Fresh { get; } = [];

    /// <summary>Where each new event's readings lie in <see cref="Readings"/> (Count -1 when refused whole).</summary>
    public List<(int Start, int Count)> Spans { get; } = [];

    public List<TelemetryReading> Readings { get; } = [];

    /// <summary>The new events' id fingerprints (<see cref="Messaging.Idempotency.RecentEventIds.Fingerprint"/>), to find a
    /// repeat inside the batch.</summary>
    public HashSet<UInt128> Ids { get; } = [];

    /// <summary>The fingerprint of each of <see cref="Fresh"/>, remembered once the batch is applied.</summary>
    public List<UInt128> Fingerprints { get; } = [];

    /// <summary>Each reading's entity (its own id or its event's subject).</summary>
    public List<string> EntityIds { get; } = [];

    public List<Observation> Observations { get; } = [];

    /// <summary>The event of each observation.</summary>
    public List<int> Owners { get; } = [];

    /// <summary>Whether each observation creates an attribute whose shape is to be learned.</summary>
    public List<bool> Learn { get; } = [];

    /// <summary>The point readings of the batch, applied as locations (<see cref="LocationFixes"/>).</summary>
    public List<LocationFix> Locations { get; } = [];

    public IngestScratch Cleared()
    {
        Locations.Clear();
        Fresh.Clear();
        Spans.Clear();
        Readings.Clear();
        Ids.Clear();
        Fingerprints.Clear();
        EntityIds.Clear();
        Observations.Clear();
        Owners.Clear();
        Learn.Clear();
        return this;
    }
}
