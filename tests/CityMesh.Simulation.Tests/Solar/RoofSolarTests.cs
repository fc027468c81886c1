using Xunit.Abstractions;
using CityMesh.Simulation.Solar;

namespace CityMesh.Simulation.Tests.Solar;

public sealed class RoofSolarTests(ITestOutputHelper output)
{
    private static readonly SolarOptions Options = new();

    private static SolarAssessment Assess(RoofFootprint[] buildings, SolarOptions? options = null) =>
        RoofSolar.Assess(buildings, SolarCities.Latitude, SolarCities.Longitude, SolarCities.UtcOffset, 2025, options ?? Options);

    [Fact]
    public void An_unshaded_flat_roof_receives_the_years_clear_sky_global_horizontal_irradiation()
    {
        var result = Assess([RoofFootprint.Box("alone", 0, 0, 12, 9, 6)]);
        var alone = result.Roofs.Single();
        output.WriteLine($"annual GHI {result.AnnualGhi:F3} kWh/m², alone {alone.AnnualKwhPerM2:F3}, {result.SunPositions} suns");

        // A horizontal plane's Hay–Davies POA is GHI at every sun position (Rb = 1), summed over the same hours.
        Assert.Equal(result.AnnualGhi, alone.AnnualKwhPerM2, result.AnnualGhi * 1e-12);
        Assert.Equal(alone.UnshadedKwhPerM2, alone.AnnualKwhPerM2);
        Assert.Equal(0.0, alone.ShadedFraction);
        // Half the year's 8,760 hours and more: at 60° N refraction lifts the sun ~0.6° at the horizon, which lengthens
        // each day by ~10 minutes at the equinoxes and more near the solstices (4,507 suns with the centre above it).
        Assert.InRange(result.SunPositions, 4400, 4600);
    }

    [Fact]
    public void Roofs_north_of_a_tall_block_get_measurably_less_and_are_classed_lower()
    {
        var result = Assess(SolarCities.TowerAndHouses());
        var roofs = result.Roofs.ToDictionary(r => r.Id);
        foreach (var r in result.Roofs)
            output.WriteLine($"{r.Id,-12} {r.AnnualKwhPerM2,8:F1} kWh/m² {r.Class,-8} shaded {r.ShadedFraction:P1} unshaded {r.UnshadedKwhPerM2:F1} " +
                             $"{r.Kwp:F2} kWp {r.SpecificYield:F0} kWh/kWp {r.AnnualKwh:F0} kWh");

        // 500 m off, the block still hides the sun just above the horizon (40 m / tan 3° = 760 m) but nothing more.
        var alone = roofs["alone"];
        Assert.Equal(SolarClass.Good, alone.Class);
        Assert.InRange(alone.ShadedFraction, 0, 0.01);
        Assert.InRange(alone.AnnualKwhPerM2, 0.9999 * alone.UnshadedKwhPerM2, alone.UnshadedKwhPerM2);
        foreach (var id in new[] { "north-west", "north", "north-east" })
        {
            Assert.True(roofs[id].AnnualKwhPerM2 < 0.75 * alone.AnnualKwhPerM2, $"{id}: {roofs[id].AnnualKwhPerM2} against {alone.AnnualKwhPerM2}");
            Assert.True(roofs[id].Class < alone.Class, $"{id}: {roofs[id].Class}");
            Assert.True(roofs[id].ShadedFraction > 0.3, $"{id}: {roofs[id].ShadedFraction}");
            Assert.Equal(alone.UnshadedKwhPerM2, roofs[id].UnshadedKwhPerM2, 1e-6);
        }
        // The middle one is hidden longest (the block's ends let the low morning and evening sun round to the others).
        Assert.True(roofs["north"].AnnualKwhPerM2 < roofs["north-west"].AnnualKwhPerM2);
        Assert.True(roofs["north"].AnnualKwhPerM2 < roofs["north-east"].AnnualKwhPerM2);
        // South of it, only summer's early and late sun from the north is hidden: a few percent at most.
        Assert.InRange(roofs["south"].AnnualKwhPerM2, 0.95 * alone.AnnualKwhPerM2, alone.AnnualKwhPerM2);
        Assert.True(roofs["south"].ShadedFraction > 0, "at 60° N the summer sun rises and sets in the north");
    }

    [Fact]
    public void The_assessment_is_deterministic()
    {
        var city = SolarCities.Grid(5, seed: 7);
        var first = Assess(city);
        var second = Assess(city);

        Assert.Equal(first.Roofs, second.Roofs);
    }

    [Fact]
    public void Without_losses_derating_or_clipping_the_specific_yield_is_the_roofs_irradiation()
    {
        var ideal = Options with { Pv = new PvSystem(Losses: 0, InverterEfficiency: 1, DcToAcRatio: 0.5, TemperatureCoefficient: 0) };
        var result = Assess(SolarCities.TowerAndHouses(), ideal);

        foreach (var roof in result.Roofs)
        {
            Assert.Equal(roof.AnnualKwhPerM2, roof.SpecificYield, roof.AnnualKwhPerM2 * 1e-12);
            Assert.Equal(roof.Kwp * roof.SpecificYield, roof.AnnualKwh, 1e-9);
        }
    }

    [Fact]
    public void The_PVWatts_style_system_turns_a_flat_roofs_irradiation_into_a_plausible_yield()
    {
        var result = Assess(SolarCities.TowerAndHouses());
        var alone = result.Roofs.Single(r => r.Id == "alone");

        // 10 × 10 m, 60 % usable, 19 % efficient: 11.4 kWp.
        Assert.Equal(11.4, alone.Kwp, 1e-9);
        // Performance ratio: 0.86 × 0.96 = 0.826 before heat; hot close-mounted cells in clear sun take 3–10 % more.
        double ratio = alone.SpecificYield / alone.AnnualKwhPerM2;
        output.WriteLine($"performance ratio {ratio:F3}");
        Assert.InRange(ratio, 0.74, 0.80);
    }

    [Fact]
    public void A_south_facing_pitched_roof_gets_more_than_a_flat_one_and_its_north_side_less()
    {
        // A gable whose long axis runs east–west: one plane faces south, one north.
        RoofFootprint[] city =
        [
            RoofFootprint.Box("gable", 0, 0, 16, 8, 6, RoofKind.Pitched, pitch: 35),
            RoofFootprint.Box("flat", 200, 0, 16, 8, 6),
        ];
        var result = Assess(city);
        var gable = result.Roofs[0];
        var flat = result.Roofs[1];

        Assert.Equal(16 * 8 / Math.Cos(35 * Math.PI / 180), gable.SurfaceArea, 1e-9);
        // The mean of the two planes is below flat at 60° N (the north plane loses more than the south gains).
        Assert.True(gable.AnnualKwhPerM2 < flat.AnnualKwhPerM2, $"{gable.AnnualKwhPerM2} vs {flat.AnnualKwhPerM2}");
        var southOnly = Assess([RoofFootprint.Box("south-plane", 0, 0, 16, 8, 6, RoofKind.Pitched, pitch: 35)]);
        Assert.Equal(gable.AnnualKwhPerM2, southOnly.Roofs[0].AnnualKwhPerM2, 1e-9);
    }

    [Fact]
    public void Bad_buildings_and_options_are_refused_naming_the_field()
    {
        var bad = new RoofFootprint("x", [0, 1], [0, 1], 5);
        var error = Assert.Throws<ArgumentException>(() => Assess([bad]));
        Assert.Contains("x: a footprint needs at least 3 vertices", error.Message, StringComparison.Ordinal);

        var options = Options with { MonthlyClearSkyIndex = [1.0, 1.0] };
        error = Assert.Throws<ArgumentException>(() => Assess(SolarCities.TowerAndHouses(), options));
        Assert.Contains("monthlyClearSkyIndex", error.Message, StringComparison.Ordinal);
    }
}
