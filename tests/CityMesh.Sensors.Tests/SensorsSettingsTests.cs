using CityMesh.Limits.Settings;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Sensors.Tests;

/// <summary>The sensors' settings share <c>CityMesh:Telemetry</c> with the twin's ingestor, each reading its own part.</summary>
public sealed class SensorsSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void The_ingestors_section_inside_the_simulators_is_not_an_unknown_key_there()
    {
        var configuration = Configuration(("CityMesh:Telemetry:Enabled", "true"), ("CityMesh:Telemetry:Ingest:MaxWait", "00:00:00.010"));

        Assert.True(configuration.ReadSettings<TelemetrySimulatorOptions>().Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(10), configuration.ReadSettings<TelemetryIngestorOptions>().MaxWait);
    }

    [Fact]
    public void A_misspelt_sensor_setting_stops_start_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Configuration(("CityMesh:Telemetry:Intervall", "00:00:01")).ReadSettings<TelemetrySimulatorOptions>());
        Assert.StartsWith("CityMesh:Telemetry:Intervall is not a setting", error.Message);
    }
}
