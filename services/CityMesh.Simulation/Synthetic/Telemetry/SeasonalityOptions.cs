using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>How strongly the daily and weekly cycles shape the series: 0 flattens them, 1 is a typical city.</summary>
public sealed record SeasonalityOptions
{
    [Description("Strength of the daily cycle (peaks and night troughs), 0 = flat to 2 = exaggerated; 1 is a typical city.")]
    public double Daily { get; init; } = 1;

    [Description("Strength of the weekly cycle (weekend damping of peaks), 0 = weekends like weekdays to 1 = typical.")]
    public double Weekly { get; init; } = 1;

    internal IEnumerable<SynthesisOptionError> Check(string path)
    {
        if (!double.IsFinite(Daily) || Daily < 0 || Daily > 2) yield return new($"{path}.daily", $"must be 0 to 2 (got {Daily})");
        if (!double.IsFinite(Weekly) || Weekly < 0 || Weekly > 1) yield return new($"{path}.weekly", $"must be 0 to 1 (got {Weekly})");
    }
}
