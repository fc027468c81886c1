using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Measurement and local variation: relative noise with unit-variance AR(1) in time, correlated in space between
/// sensors of one kind by exp(-distance / correlation length).
/// </summary>
public sealed record NoiseOptions
{
    [Description("Standard deviation of the noise relative to the value (0.05 = 5 %).")]
    public double Sigma { get; init; } = 0.05;

    [Description("Spatial correlation length in metres: sensors this far apart share exp(-1) ≈ 37 % of their noise covariance; 0 makes sensors independent.")]
    public double CorrelationLengthMetres { get; init; } = 1500;

    [Description("Correlation of the noise between consecutive samples (AR(1) coefficient), 0 to 0.999.")]
    public double Persistence { get; init; } = 0.8;

    internal IEnumerable<SynthesisOptionError> Check(string path)
    {
        if (!double.IsFinite(Sigma) || Sigma < 0 || Sigma > 1) yield return new($"{path}.sigma", $"must be 0 to 1 (got {Sigma})");
        if (!double.IsFinite(CorrelationLengthMetres) || CorrelationLengthMetres < 0 || CorrelationLengthMetres > 100_000)
            yield return new($"{path}.correlationLengthMetres", $"must be 0 to 100000 m (got {CorrelationLengthMetres})");
        if (!double.IsFinite(Persistence) || Persistence < 0 || Persistence > 0.999)
            yield return new($"{path}.persistence", $"must be 0 to 0.999 (got {Persistence})");
    }
}
