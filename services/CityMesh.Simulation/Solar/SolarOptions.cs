using CityMesh.Simulation.Solar.Irradiance;

namespace CityMesh.Simulation.Solar;

/// <summary>
/// How the annual assessment is made. The defaults are stated assumptions, each with its reason; a city sets what it
/// knows (its Linke turbidity, its monthly clear-sky index from a typical meteorological year, its temperatures).
/// </summary>
public sealed record SolarOptions
{
    /// <summary>Minutes between sun positions, each taken at the middle of its interval (60: 8,760 a year, half up).</summary>
    public int StepMinutes { get; init; } = 60;

    /// <summary>The clear sky (Ineichen–Perez, TL 3 at sea level by default).</summary>
    public IneichenPerezClearSky ClearSky { get; init; } = new();

    /// <summary>
    /// Per month (January first), the fraction of the clear-sky irradiance that arrives on average: 1 for clear-sky
    /// potential (the default), or a typical year's measured/clear ratio (Helsinki's is ~0.55 in December, ~0.75 in
    /// summer). It scales beam and diffuse alike: a simplification, as cloud turns beam into diffuse.
    /// </summary>
    public IReadOnlyList<double> MonthlyClearSkyIndex { get; init; } = Enumerable.Repeat(1.0, 12).ToArray();

    /// <summary>Per month, the daytime ambient temperature, °C, for the modules' cell temperature (15 °C by default).</summary>
    public IReadOnlyList<double> MonthlyAmbient { get; init; } = Enumerable.Repeat(15.0, 12).ToArray();

    /// <summary>Ground reflectance seen by tilted planes (0.2: grass and asphalt).</summary>
    public double Albedo { get; init; } = 0.2;

    /// <summary>Hay–Davies (false, the default) or the isotropic sky (true).</summary>
    public bool IsotropicSky { get; init; }

    /// <summary>TT − UT, seconds, for the SPA (69 s in the mid-2020s).</summary>
    public double DeltaT { get; init; } = 69.0;

    /// <summary>The pitch of a pitched roof that gives none, degrees (30°: a common gable).</summary>
    public double DefaultPitch { get; init; } = 30.0;

    /// <summary>Side of the shading grid's cells, metres.</summary>
    public double GridCellSize { get; init; } = 40.0;

    /// <summary>The PV system assumed on each roof.</summary>
    public PvSystem Pv { get; init; } = new();

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(ClearSky.Problems());
        if (!(StepMinutes is >= 1 and <= 180) || 1440 % StepMinutes != 0) problems.Add($"stepMinutes must divide a day and be in [1, 180], not {StepMinutes}");
        if (MonthlyClearSkyIndex.Count != 12 || MonthlyClearSkyIndex.Any(k => !(k is >= 0 and <= 1.5)))
            problems.Add("monthlyClearSkyIndex must hold 12 values in [0, 1.5]");
        if (MonthlyAmbient.Count != 12 || MonthlyAmbient.Any(t => !(t is >= -60 and <= 60)))
            problems.Add("monthlyAmbient must hold 12 temperatures in [-60, 60] °C");
        if (!(Albedo is >= 0 and <= 1)) problems.Add($"albedo must be in [0, 1], not {Albedo}");
        if (!(DeltaT is >= -100 and <= 300)) problems.Add($"deltaT must be in [-100, 300] s, not {DeltaT}");
        if (!(DefaultPitch is >= 0 and < 75)) problems.Add($"defaultPitch must be in [0, 75) degrees, not {DefaultPitch}");
        if (!(GridCellSize is >= 1 and <= 10_000)) problems.Add($"gridCellSize must be in [1, 10000] m, not {GridCellSize}");
        problems.AddRange(Pv.Problems());
        return problems;
    }
}
