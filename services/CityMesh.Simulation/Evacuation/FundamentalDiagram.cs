namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// Walking speed against crowd density, Weidmann's fundamental diagram for pedestrians on the level (U. Weidmann,
/// Transporttechnik der Fussgänger, Schriftenreihe des IVT Nr. 90, ETH Zürich, 1993):
/// v(ρ) = v0 · (1 − exp(−γ · (1/ρ − 1/ρmax))), with his fitted v0 = 1.34 m/s, γ = 1.913 m⁻² and ρmax = 5.4 m⁻².
/// The speed is v0 on an empty walkway and 0 at ρmax, where people stand; the flow per metre of width is ρ · v(ρ),
/// which peaks near 1.75 m⁻² at about 1.22 persons/(m·s).
/// </summary>
public sealed record FundamentalDiagram
{
    /// <summary>Speed on an empty walkway, m/s (Weidmann: 1.34).</summary>
    public double FreeSpeed { get; init; } = 1.34;

    /// <summary>How fast the speed falls with density, m⁻² (Weidmann: 1.913).</summary>
    public double Gamma { get; init; } = 1.913;

    /// <summary>Density at which people stand, persons/m² (Weidmann: 5.4); a walkway holds no more.</summary>
    public double MaxDensity { get; init; } = 5.4;

    public double Speed(double density)
    {
        if (density <= 0) return FreeSpeed;
        if (density >= MaxDensity) return 0;
        return FreeSpeed * (1 - Math.Exp(-Gamma * (1 / density - 1 / MaxDensity)));
    }

    /// <summary>Specific flow ρ · v(ρ), persons/(m·s).</summary>
    public double Flow(double density) => density * Speed(density);

    /// <summary>
    /// The density of the largest flow (the capacity point), by golden-section search (ρ · v(ρ) is unimodal on
    /// (0, ρmax)); computed on each call, so a caller in a loop keeps it.
    /// </summary>
    public double CriticalDensity() => Peak();

    /// <summary>The largest flow per metre of width, persons/(m·s); computed on each call.</summary>
    public double MaxFlow() => Flow(Peak());

    /// <summary>
    /// What a walkway of this diagram takes in per metre of width at a density, given its critical density and largest
    /// flow: the largest flow below the critical density, the flow its density carries above it (the cell transmission
    /// model's supply, Daganzo 1994), so a crowded walkway is not filled faster than it empties.
    /// </summary>
    public double Supply(double density, double critical, double maxFlow) => density <= critical ? maxFlow : Flow(density);

    private double Peak()
    {
        double lo = 1e-6, hi = MaxDensity, phi = (Math.Sqrt(5) - 1) / 2;
        for (int k = 0; k < 200 && hi - lo > 1e-12; k++)
        {
            double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
            if (Flow(a) < Flow(b)) lo = a;
            else hi = b;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Each parameter's problem, naming it; empty when usable.</summary>
    public IEnumerable<string> Problems(string prefix)
    {
        if (!(FreeSpeed > 0) || FreeSpeed > 5) yield return $"{prefix}.freeSpeed must be in (0, 5] m/s, not {FreeSpeed}";
        if (!(Gamma > 0) || double.IsInfinity(Gamma)) yield return $"{prefix}.gamma must be a finite number > 0, not {Gamma}";
        if (!(MaxDensity > 0) || MaxDensity > 10) yield return $"{prefix}.maxDensity must be in (0, 10] persons/m², not {MaxDensity}";
    }
}
