using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

internal static class TelemetryOptionsFixture
{
    /// <summary>Two weeks at 10 minutes, three sensors of every kind.</summary>
    public static TelemetrySynthesisOptions Small(AnomalyRates? anomalies = null) => new()
    {
        DurationHours = 14 * 24,
        IntervalSeconds = 600,
        SitesPerKind = 3,
        Anomalies = anomalies ?? new AnomalyRates(),
    };

    public static AnomalyRates None => new()
    {
        Spike = new() { Rate = 0 }, LevelShift = new() { Rate = 0 }, Drift = new() { Rate = 0 },
        Stuck = new() { Rate = 0 }, Dropout = new() { Rate = 0 }, Leak = new() { Rate = 0 },
    };

    /// <summary>Frequent anomalies, so every kind strikes in two weeks.</summary>
    public static AnomalyRates Frequent
    {
        get
        {
            var d = new AnomalyRates();
            return new()
            {
                Spike = d.Spike with { Rate = 3 }, LevelShift = d.LevelShift with { Rate = 2 }, Drift = d.Drift with { Rate = 2 },
                Stuck = d.Stuck with { Rate = 2 }, Dropout = d.Dropout with { Rate = 2 }, Leak = d.Leak with { Rate = 2 },
            };
        }
    }

    public static TelemetrySeries Generate(TelemetrySynthesisOptions options, int seed = 7) =>
        TelemetryDataset.Generate(options, SensorLayout.Generate(options, seed), seed);
}
