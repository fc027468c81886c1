namespace CityMesh.Simulation.Terrain;

/// <summary>
/// Manning's roughness coefficient n (s·m^(−1/3)) for each <see cref="LandUse"/> a flood model's cells can have.
/// Defaults are the "normal" values of V. T. Chow, Open-Channel Hydraulics (McGraw-Hill, 1959), Table 5-6, where it has
/// the surface, and otherwise values within the ranges commonly used for 2-D urban flood models (a residential lot
/// 0.05–0.1 with its houses represented separately). They are starting points for calibration against an observed
/// flood, not measurements of this city. Buildings carry no n: their cells are blocked (the "building block" method),
/// so no value here would be used.
/// </summary>
public sealed record ManningTable
{
    public static readonly ManningTable Default = new();

    /// <summary>Chow Table 5-6, floodplains, cultivated areas without crop: 0.020–0.040, normal 0.030.</summary>
    public double Open { get; init; } = 0.030;

    /// <summary>Chow Table 5-6, lined channels: asphalt smooth 0.013, rough 0.016; concrete trowelled to unfinished 0.013–0.015.</summary>
    public double Paved { get; init; } = 0.015;

    /// <summary>Urban flood-model practice for residential lots (gardens, fences), houses blocked separately: 0.05–0.1; the middle.</summary>
    public double Residential { get; init; } = 0.075;

    /// <summary>Commercial and industrial yards, mostly hard-standing with obstructions: between paved and residential.</summary>
    public double Commercial { get; init; } = 0.05;

    /// <summary>Chow Table 5-6, floodplains, pasture without brush: short grass 0.025–0.035; parks have trees and furniture, so the top.</summary>
    public double Park { get; init; } = 0.035;

    /// <summary>Chow Table 5-6, floodplains, trees: heavy stand of timber, little undergrowth, flow below the branches: 0.08–0.12, normal 0.10.</summary>
    public double Forest { get; init; } = 0.10;

    /// <summary>Chow Table 5-6, natural streams, main channels, clean and straight at full stage: 0.025–0.033, normal 0.030.</summary>
    public double Water { get; init; } = 0.030;

    /// <summary>n for a land use; NaN for <see cref="LandUse.Building"/>, whose cells are blocked rather than rough.</summary>
    public double For(LandUse use) => use switch
    {
        LandUse.Open => Open,
        LandUse.Paved => Paved,
        LandUse.Residential => Residential,
        LandUse.Commercial => Commercial,
        LandUse.Park => Park,
        LandUse.Forest => Forest,
        LandUse.Water => Water,
        LandUse.Building => double.NaN,
        _ => throw new ArgumentOutOfRangeException(nameof(use), use, "not a land use"),
    };

    /// <summary>Each coefficient's problem, naming it; empty when all are usable. Manning's n for ground lies well within (0, 1].</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var use in Enum.GetValues<LandUse>())
        {
            if (use == LandUse.Building) continue;
            var n = For(use);
            if (!(n > 0 && n <= 1)) problems.Add($"{char.ToLowerInvariant(use.ToString()[0])}{use.ToString()[1..]} must be a Manning's n in (0, 1], not {n}");
        }
        return problems;
    }
}
