using CityMesh.Limits.Settings;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Twin.Tests.Hosting;

/// <summary>The twin's and the city's settings, read as every module reads them: checked when the twin composes.</summary>
public sealed class TwinSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void The_twins_settings_bind_tenants_included()
    {
        var options = Configuration(("CityMesh:Twin:Store", "postgres"), ("CityMesh:Twin:ConnectionString", "Host=db"),
            ("CityMesh:Twin:Tenants:0", "water-utility"), ("CityMesh:Twin:HistoryDepth", "8")).ReadSettings<TwinOptions>();

        Assert.Equal("postgres", options.Store);
        Assert.Equal(["water-utility"], options.Tenants);
        Assert.Equal(8, options.HistoryDepth);
    }

    [Theory]
    [InlineData("CityMesh:Twin:Store", "sqlite", "CityMesh:Twin:Store is 'sqlite'; use 'memory' or 'postgres'.")]
    [InlineData("CityMesh:Twin:Store", "postgres", "CityMesh:Twin:ConnectionString is required when Store is 'postgres'.")]
    [InlineData("CityMesh:Twin:HistoryDepth", "0", "CityMesh:Twin:HistoryDepth is 0; keep at least 1 observation.")]
    [InlineData("CityMesh:Twin:Stor", "memory", "CityMesh:Twin:Stor is not a setting (CityMesh:Twin takes Store, ConnectionString, HistoryDepth, Tenants, ChangeLogCapacity, ChangeLogRetention, ChangeLogPollInterval).")]
    public void A_wrong_twin_setting_is_refused_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Configuration((key, value)).ReadSettings<TwinOptions>());

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("CityMesh:City:Name", "???", "CityMesh:City:Name '???' has no letters or digits to build entity ids from.")]
    [InlineData("CityMesh:City:AnchorLatitude", "91", "CityMesh:City:AnchorLatitude is 91; it must be from -90 to 90 degrees.")]
    [InlineData("CityMesh:City:UtcOffset", "-13:00:00", "CityMesh:City:UtcOffset is -13:00:00; it must be from -12:00:00 to 14:00:00.")]
    [InlineData("CityMesh:City:BatchSize", "0", "CityMesh:City:BatchSize is 0; it must be at least 1.")]
    [InlineData("CityMesh:City:IdSegment", "jinan", "CityMesh:City:IdSegment is not a setting (")]
    public void A_wrong_city_setting_is_refused_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Configuration((key, value)).ReadSettings<CityOptions>());

        Assert.StartsWith(message, error.Message);
    }
}
