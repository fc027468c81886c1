using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Settings per anomaly kind (<see cref="AnomalyKinds"/>); JSON names are the kinds in camelCase. Each kind starts
/// with its own defaults, and a partly given kind keeps those it does not give (JSON populates it).
/// </summary>
public sealed record AnomalyRates
{
    [Description("Short bursts: a sample or a few scaled by 1 ± magnitude.")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions Spike { get; init; } = new() { Rate = 1, DurationMinutes = new(5, 20), Magnitude = new(0.6, 1.5) };

    [Description("Steps: magnitude × typical level added over the window.")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions LevelShift { get; init; } = new() { Rate = 0.3, DurationMinutes = new(120, 720), Magnitude = new(0.25, 0.5) };

    [Description("Calibration drifts: an offset growing linearly to magnitude × typical level.")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions Drift { get; init; } = new() { Rate = 0.2, DurationMinutes = new(360, 1440), Magnitude = new(0.3, 0.6) };

    [Description("Frozen readings: the value at the window's start repeated.")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions Stuck { get; init; } = new() { Rate = 0.3, DurationMinutes = new(60, 360), Magnitude = new(0, 0) };

    [Description("Silences: no reading of any quantity (empty CSV cells, nothing published).")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions Dropout { get; init; } = new() { Rate = 0.5, DurationMinutes = new(30, 240), Magnitude = new(0, 0) };

    [Description("Water-main leaks: night flow rising by up to magnitude × design flow and pressure falling, growing over the window.")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public AnomalyOptions Leak { get; init; } = new() { Rate = 0.15, DurationMinutes = new(1440, 4320), Magnitude = new(0.1, 0.3) };

    /// <summary>The settings of an anomaly kind named as in <see cref="AnomalyKinds"/>.</summary>
    public AnomalyOptions For(string kind) => kind switch
    {
        AnomalyKinds.Spike => Spike,
        AnomalyKinds.LevelShift => LevelShift,
        AnomalyKinds.Drift => Drift,
        AnomalyKinds.Stuck => Stuck,
        AnomalyKinds.Dropout => Dropout,
        AnomalyKinds.Leak => Leak,
        _ => throw new ArgumentException($"unknown anomaly kind '{kind}'", nameof(kind)),
    };

    /// <summary>The JSON name of a kind's settings: "levelShift" for "level-shift".</summary>
    public static string JsonName(string kind) => kind == AnomalyKinds.LevelShift ? "levelShift" : kind;

    internal IEnumerable<SynthesisOptionError> Check(string path)
    {
        foreach (var kind in AnomalyKinds.All)
        {
            var options = For(kind);
            if (options is null) yield return new($"{path}.{JsonName(kind)}", "is required");
            else foreach (var e in options.Check($"{path}.{JsonName(kind)}")) yield return e;
        }
    }
}
