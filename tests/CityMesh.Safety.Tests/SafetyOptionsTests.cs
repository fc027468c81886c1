using CityMesh.Safety;

namespace CityMesh.Safety.Tests;

/// <summary>Settings out of range stop the service at start, naming the key; a DEM file without the river's inflow point too.</summary>
public sealed class SafetyOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.NotNull(new SafetyOptions().Validated());

    [Theory]
    [InlineData("ForecastHours")]
    [InlineData("RiverWidth")]
    [InlineData("RiverInflowLatitude")]
    [InlineData("RiverInflowLongitude")]
    [InlineData("ZoneMetres")]
    [InlineData("WaterNetwork")]
    [InlineData("WaterInterval")]
    public void A_bad_setting_is_refused_naming_its_key(string key)
    {
        var bad = key switch
        {
            "ForecastHours" => new SafetyOptions { ForecastHours = 0 },
            "RiverWidth" => new SafetyOptions { RiverWidth = 50 }, // under two 40 m cells
            "RiverInflowLatitude" => new SafetyOptions { TerrainFile = "/data/dem.tif" }, // a file without its river's entry
            "RiverInflowLongitude" => new SafetyOptions { RiverInflowLatitude = 36.7 },
            "WaterNetwork" => new SafetyOptions { WaterNetwork = "City Net" }, // an id is lower-case letters and digits
            "WaterInterval" => new SafetyOptions { WaterInterval = TimeSpan.FromMilliseconds(100) },
            _ => new SafetyOptions { ZoneMetres = 5 },
        };
        var e = Assert.Throws<InvalidOperationException>(() => bad.Validated());
        Assert.StartsWith($"CityMesh:Safety:{key} ", e.Message);
    }
}
