using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CityMesh.Scenarios.Instrumentation;

/// <summary>
/// A scenario run's spans (the run, and each member's variant under it) and the simulation's speed: vehicle updates
/// counted as they are made (their rate is the speed a dashboard plots) and each variant's speed and wall time when
/// it ends, by compute backend, so a GPU node that falls back to the CPU shows.
/// </summary>
public static class ScenarioTelemetry
{
    public const string SourceName = "CityMesh.Scenarios";

    public static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);

    public static readonly Counter<long> VehicleUpdates = Meter.CreateCounter<long>(
        "citymesh.simulation.vehicle_updates", "{vehicle_update}", "Vehicle state updates the traffic simulation made");

    public static readonly Histogram<double> Speed = Meter.CreateHistogram<double>(
        "citymesh.simulation.speed", "{vehicle_update}/s", "Vehicle updates per second of wall time, per simulated variant");

    public static readonly Histogram<double> VariantDuration = Meter.CreateHistogram<double>(
        "citymesh.scenario.variant.duration", "s", "Wall time of one simulated variant (a member's baseline or intervention)");

    public static KeyValuePair<string, object?> Backend(string device) => new("citymesh.compute.device", device);
}
