using System.Text.Json;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

public sealed class TelemetryCsvTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "citymesh-telemetry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Should_Read_Back_The_Series_Labels_Sites_And_Options_It_Wrote()
    {
        var options = TelemetryOptionsFixture.Small(TelemetryOptionsFixture.Frequent) with { DurationHours = 72 };
        var series = TelemetryOptionsFixture.Generate(options);
        var summary = TelemetryDataset.Write(series, _directory);

        Assert.Equal(series.Sites.Count, summary.Figures["sensors"]);
        Assert.Equal(series.Labels.Count, summary.Figures["anomalies"]);
        Assert.Equal(series.PresentSamples(), summary.Figures["samples"]);
        Assert.True(summary.Figures["samples"] < series.Channels.Sum(c => c.Values.Length), "dropouts leave samples missing");

        var back = TelemetryDataset.Read(_directory);
        Assert.Equal(JsonSerializer.Serialize(series.Options), JsonSerializer.Serialize(back.Options));
        Assert.Equal(series.Options.Anomalies.Leak, back.Options.Anomalies.Leak);
        Assert.Equal(series.Seed, back.Seed);
        Assert.Equal(series.Sites, back.Sites);
        Assert.Equal(series.Labels, back.Labels);
        Assert.Equal(series.Start, back.Start);
        for (var i = 0; i < series.Channels.Count; i++) Assert.Equal(series.Channels[i].Values, back.Channels[i].Values);

        var lines = File.ReadAllLines(Path.Combine(_directory, TelemetryDataset.SeriesFile));
        Assert.Equal("time,sensor_id,kind,quantity,value,unit", lines[0]);
        Assert.StartsWith("2025-01-06T00:00:00+08:00,urn:ngsi-ld:TrafficFlowObserved:synthetic:td001,traffic-detector,intensity,", lines[1]);
        Assert.Contains(lines, l => l.Split(',')[4].Length == 0);
    }

    [Fact]
    public void Should_Name_The_File_Line_And_Column_Of_A_Bad_Series_Cell()
    {
        var series = TelemetryOptionsFixture.Generate(TelemetryOptionsFixture.Small(TelemetryOptionsFixture.None) with { DurationHours = 2 });
        TelemetryDataset.Write(series, _directory);
        var path = Path.Combine(_directory, TelemetryDataset.SeriesFile);
        var lines = File.ReadAllLines(path);
        var cells = lines[3].Split(',');
        cells[4] = "fast";
        lines[3] = string.Join(',', cells);
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<CsvFormatException>(() => TelemetryDataset.Read(_directory));
        Assert.Equal((4, 5), (e.Line, e.Column));
        Assert.Contains("series.csv: line 4, column 5: value 'fast' is not a finite number", e.Message);
    }
}
