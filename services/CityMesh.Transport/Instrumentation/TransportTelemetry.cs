using System.Diagnostics;

namespace CityMesh.Transport.Instrumentation;

/// <summary>
/// Transport's spans. Its work hops through in-process queues (readings to the congestion check, congestion to the
/// retiming), which an ambient trace does not cross: each queued item carries the context it was queued under, and
/// the work it starts continues that trace, so a proposal's trace leads back to the readings that caused it.
/// </summary>
public static class TransportTelemetry
{
    public const string SourceName = "CityMesh.Transport";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The context to queue with an item: the current span's, or none.</summary>
    public static ActivityContext Current => Activity.Current?.Context ?? default;
}
