using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CityMesh.Twin.Instrumentation;

/// <summary>
/// The twin's spans and its instruments that need no state: the time a store operation takes. What needs the live
/// services (readings by outcome, entities by type) is observed by <see cref="TwinMetrics"/>.
/// </summary>
public static class TwinTelemetry
{
    public const string SourceName = "CityMesh.Twin";

    public static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);

    public static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>(
        "citymesh.twin.store.duration", "s", "Time the twin's store took over a write of a batch of readings or entities");

    public static KeyValuePair<string, object?> Operation(string name) => new("db.operation.name", name);
}
