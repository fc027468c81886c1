using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

public sealed class ScoringFilesTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Should_Read_Alerts_In_Any_Column_Order_With_An_Optional_Kind()
    {
        File.WriteAllLines(_file, ["time,sensor_id,kind,score", "2025-01-06T08:00:00+08:00,a,spike,0.9", "2025-01-06T01:00:00Z,\"b,2\",,0.1", ""]);
        var alerts = AlertsCsv.Read(_file);
        Assert.Equal([
            new AnomalyAlert("a", new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero), AnomalyKinds.Spike),
            new AnomalyAlert("b,2", new DateTimeOffset(2025, 1, 6, 1, 0, 0, TimeSpan.Zero)),
        ], alerts);
    }

    [Theory]
    [InlineData(new[] { "sensor_id,time", "a,yesterday" }, 2, 2, "time 'yesterday' is not an ISO 8601 time")]
    [InlineData(new[] { "sensor_id,time", "a,2025-01-06T00:00:00Z", ",2025-01-06T00:00:00Z" }, 3, 1, "sensor_id is empty")]
    [InlineData(new[] { "sensor,time" }, 1, 3, "the header lacks the 'sensor_id' column")]
    [InlineData(new[] { "sensor_id,time,kind", "a" }, 2, 2, "1 fields where the header has 3")]
    [InlineData(new[] { "sensor_id,time", "\"a,2025-01-06T00:00:00Z" }, 2, 1, "a quoted field is not closed")]
    public void Should_Name_The_Line_And_Column_Of_A_Bad_Alert(string[] lines, int line, int column, string problem)
    {
        File.WriteAllLines(_file, lines);
        var e = Assert.Throws<CsvFormatException>(() => AlertsCsv.Read(_file));
        Assert.Equal((_file, line, column), (e.File, e.Line, e.Column));
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"{_file}: line {line}, column {column}: ", e.Message);
    }

    [Fact]
    public void Should_Refuse_A_Label_Ending_Before_It_Starts_Naming_The_End_Column()
    {
        File.WriteAllLines(_file, [LabelsCsv.Header, "a,flow,spike,2025-01-06T08:00:00+08:00,2025-01-06T07:00:00+08:00,1"]);
        var e = Assert.Throws<CsvFormatException>(() => LabelsCsv.Read(_file));
        Assert.Equal((2, 5), (e.Line, e.Column));
        Assert.Contains("end 2025-01-06T07:00:00+08:00 is before start", e.Message);
    }

    [Fact]
    public void Should_Round_Trip_Labels()
    {
        AnomalyLabel[] labels =
        [
            new("a", "flow", AnomalyKinds.Drift, new(2025, 1, 6, 8, 0, 0, TimeSpan.FromHours(8)), new(2025, 1, 6, 9, 0, 0, TimeSpan.FromHours(8)), -0.123456789),
            new("b", null, AnomalyKinds.Dropout, new(2025, 1, 7, 8, 0, 0, TimeSpan.FromHours(8)), new(2025, 1, 7, 8, 0, 0, TimeSpan.FromHours(8)), 0),
        ];
        LabelsCsv.Write(labels, _file);
        Assert.Equal(labels, LabelsCsv.Read(_file));
    }
}
