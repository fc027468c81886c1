namespace CityMesh.Simulation.Evacuation;

/// <summary>The shape of the delay between the warning and a person's departure.</summary>
public enum ResponseShape
{
    /// <summary>
    /// Rayleigh: few leave at once, most within about twice the mean; a usual shape for evacuation loading curves,
    /// with one parameter, the mean (σ = mean / √(π/2)).
    /// </summary>
    Rayleigh,
    /// <summary>A logistic S-curve around the mean with a spread (the scale s: 90 % leave within mean ± 2.94 s), cut at 0.</summary>
    Logistic,
}

/// <summary>
/// When people leave after the warning: each person's delay is the curve's inverse CDF at a uniform draw that is a
/// pure function of (seed, person), so a run is repeatable and does not depend on the order people are visited.
/// </summary>
public sealed record ResponseCurve
{
    public ResponseShape Shape { get; init; } = ResponseShape.Rayleigh;

    /// <summary>Mean delay, s.</summary>
    public double MeanSeconds { get; init; } = 600;

    /// <summary>Logistic only: the scale s, s.</summary>
    public double SpreadSeconds { get; init; } = 180;

    /// <summary>The delay at cumulative probability <paramref name="u"/> in [0, 1).</summary>
    public double Delay(double u)
    {
        u = Math.Clamp(u, 0, 1 - 1e-12);
        return Shape switch
        {
            ResponseShape.Rayleigh => MeanSeconds / Math.Sqrt(Math.PI / 2) * Math.Sqrt(-2 * Math.Log(1 - u)),
            _ => Math.Max(0, MeanSeconds + SpreadSeconds * Math.Log(Math.Max(u, 1e-12) / (1 - u))),
        };
    }

    /// <summary>
    /// The delay of person <paramref name="index"/> of a run seeded <paramref name="seed"/>; <paramref name="purpose"/>
    /// keeps the draws of different things (walkers 0, cars 1) apart.
    /// </summary>
    public double DelayFor(ulong seed, int index, uint purpose = 0) =>
        Delay(Traffic.Engine.CounterRandom.Uniform(seed, index, purpose, Departures.Stream));

    public IEnumerable<string> Problems(string prefix)
    {
        if (!Enum.IsDefined(Shape)) yield return $"{prefix}.shape must be Rayleigh or Logistic, not {Shape}";
        if (!(MeanSeconds >= 0) || MeanSeconds > 86_400) yield return $"{prefix}.meanSeconds must be in [0, 86400], not {MeanSeconds}";
        if (Shape == ResponseShape.Logistic && (!(SpreadSeconds > 0) || SpreadSeconds > 86_400))
            yield return $"{prefix}.spreadSeconds must be in (0, 86400], not {SpreadSeconds}";
    }
}
