using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Tests.Air;

/// <summary>WHO 2021 levels as the report's table gives them, and the default index built on them.</summary>
public sealed class AirIndexTests
{
    [Theory]
    [InlineData("pm25", 24, "AQG", 15)]
    [InlineData("pm25", 24, "IT1", 75)]
    [InlineData("pm25", 8760, "AQG", 5)]
    [InlineData("pm10", 24, "IT3", 75)]
    [InlineData("no2", 24, "AQG", 25)]
    [InlineData("no2", 8760, "AQG", 10)]
    [InlineData("o3", 8, "IT1", 160)]
    [InlineData("so2", 24, "AQG", 40)]
    [InlineData("co", 24, "AQG", 4)]
    public void WHO_levels_are_the_2021_tables(string pollutant, int hours, string level, double value) =>
        Assert.Equal(value, AirGuidelines.Value(pollutant, hours, level));

    [Fact]
    public void A_level_WHO_does_not_give_is_refused_naming_what_it_gives()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => AirGuidelines.Value("no2", 24, "IT3"));
        Assert.Contains("IT2 24 h", e.Message);
    }

    [Fact]
    public void The_default_index_is_valid_and_classifies_at_its_bounds()
    {
        Assert.Empty(AirIndexDefaults.Definition.Validate());
        var index = AirIndex.Default;
        Assert.Equal("Good", index.Bands[index.Band("pm25", 15)].Name);   // at the bound: still in the band
        Assert.Equal("Fair", index.Bands[index.Band("pm25", 15.01)].Name);
        Assert.Equal("Moderate", index.Bands[index.Band("pm25", 30)].Name);
        Assert.Equal("Very poor", index.Bands[index.Band("pm25", 75)].Name);
        Assert.Equal("Extremely poor", index.Bands[index.Band("pm25", 75.5)].Name);
        // NO2 has no IT3: between IT2 (50) and IT1 (120) it skips Moderate and is Poor; above IT1 it is Extremely poor.
        Assert.Equal("Poor", index.Bands[index.Band("no2", 60)].Name);
        Assert.Equal("Extremely poor", index.Bands[index.Band("no2", 121)].Name);
        Assert.Equal(50, index.LowerBound("no2", 3));
        Assert.Null(index.LowerBound("no2", 2));
    }

    [Fact]
    public void A_station_is_as_bad_as_its_worst_pollutant()
    {
        var reading = AirIndex.Default.Evaluate(new Dictionary<string, double> { ["pm25"] = 12, ["no2"] = 60, ["humidity"] = 80 });
        Assert.Equal("Poor", reading.Name);
        Assert.Equal("no2", reading.Dominant.Pollutant);
        Assert.Equal(2, reading.Pollutants.Count);
        Assert.False(string.IsNullOrEmpty(reading.Definition.SensitiveMessage));
    }

    [Fact]
    public void The_validator_names_each_bad_field()
    {
        var bands = AirIndexDefaults.Definition.Bands.ToArray();
        bands[2] = bands[2] with { Upper = new Dictionary<string, double> { ["pm25"] = 20, ["nox"] = 5 }, Colour = "red" };
        bands[^1] = bands[^1] with { Upper = new Dictionary<string, double> { ["pm25"] = 500 } };
        var errors = (AirIndexDefaults.Definition with { Bands = bands }).Validate().Select(e => e.ToString()).ToArray();
        Assert.Contains(errors, e => e.StartsWith("Bands[2].Upper.pm25 must exceed Bands[1].Upper.pm25 (25)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Bands[2].Upper.nox", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Bands[2].Colour", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Bands[5].Upper must be empty", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new AirIndex(AirIndexDefaults.Definition with { Bands = bands }));
    }
}
