using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Plates.Options;

/// <summary>Relative frequency of each lighting condition; they need not sum to 1, but one must be positive.</summary>
public sealed record PlateLightingWeights
{
    [Description("Weight of daylight. Default 0.55.")] public double Day { get; init; } = 0.55;
    [Description("Weight of dusk: lower exposure, warm tint. Default 0.15.")] public double Dusk { get; init; } = 0.15;
    [Description("Weight of night: little ambient light, headlight glare. Default 0.2.")] public double Night { get; init; } = 0.2;
    [Description("Weight of infrared: a grey image, the retro-reflective plate bright. Default 0.1.")] public double Ir { get; init; } = 0.1;

    internal IEnumerable<SynthesisOptionError> Check(string at)
    {
        (string Name, double Value)[] all = [("day", Day), ("dusk", Dusk), ("night", Night), ("ir", Ir)];
        foreach (var (name, value) in all)
            if (!double.IsFinite(value) || value < 0) yield return new($"{at}.{name}", $"is {value}; a weight must be a non-negative number");
        if (all.All(w => double.IsFinite(w.Value) && w.Value <= 0)) yield return new(at, "every weight is 0; at least one condition needs a positive weight");
    }
}
