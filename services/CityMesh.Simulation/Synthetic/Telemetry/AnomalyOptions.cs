using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>How often one kind of anomaly strikes a sensor, for how long and how hard.</summary>
public sealed record AnomalyOptions
{
    [Description("Expected anomalies of this kind per sensor per week (a Poisson rate); 0 disables the kind.")]
    public double Rate { get; init; }

    [Description("How long one lasts, minutes (at least one sample is always affected).")]
    public ValueRange DurationMinutes { get; init; } = new(30, 60);

    [Description("How hard it strikes: relative to the sensor's typical level for spike, level-shift and drift (sign chosen at random for spike and level-shift), share of the main's design flow for leak; unused for stuck and dropout.")]
    public ValueRange Magnitude { get; init; } = new(0.5, 0.5);

    internal IEnumerable<SynthesisOptionError> Check(string path)
    {
        if (!double.IsFinite(Rate) || Rate < 0 || Rate > 1000) yield return new($"{path}.rate", $"must be 0 to 1000 per sensor-week (got {Rate})");
        if (DurationMinutes is null) yield return new($"{path}.durationMinutes", "is required");
        else foreach (var e in DurationMinutes.Check($"{path}.durationMinutes", 0, 30 * 24 * 60)) yield return e;
        if (Magnitude is null) yield return new($"{path}.magnitude", "is required");
        else foreach (var e in Magnitude.Check($"{path}.magnitude", 0, 10)) yield return e;
    }
}
