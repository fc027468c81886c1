using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>Writes a run's results: the summary as JSON, trips/lanes/edges/intersections as CSV (invariant culture).</summary>
public static class TrafficResultsWriter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Means over nothing are NaN; keep them visible rather than failing the write.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void WriteSummaryJson(SimulationSummary summary, Stream output) => JsonSerializer.Serialize(output, summary, Json);

    public static string SummaryJson(SimulationSummary summary) => JsonSerializer.Serialize(summary, Json);

    /// <summary>Writes summary.json, trips.csv, lanes.csv, edges.csv and intersections.csv into <paramref name="directory"/>.</summary>
    public static void WriteAll(TrafficResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        using (var json = File.Create(Path.Combine(directory, "summary.json"))) WriteSummaryJson(results.Summary, json);
        WriteCsv(Path.Combine(directory, "trips.csv"), "id,depart,insertion,insertionDelay,arrival,duration,waitingTime,timeLoss,routeLength,status",
            results.Trips, t => [t.Id, N(t.Depart), N(t.Insertion), N(t.InsertionDelay), N(t.Arrival), N(t.Duration), N(t.WaitingTime), N(t.TimeLoss), N(t.RouteLength), t.Status.ToString()]);
        WriteCsv(Path.Combine(directory, "lanes.csv"), "id,edge,entered,meanSpeed,meanOccupancy,waitingTime,timeLoss",
            results.Lanes, l => [l.Id, l.Edge, N(l.Entered), N(l.MeanSpeed), N(l.MeanOccupancy), N(l.WaitingTime), N(l.TimeLoss)]);
        WriteCsv(Path.Combine(directory, "edges.csv"), "id,entered,meanSpeed,meanOccupancy",
            results.Edges, e => [e.Id, N(e.Entered), N(e.MeanSpeed), N(e.MeanOccupancy)]);
        WriteCsv(Path.Combine(directory, "intersections.csv"), "id,passed,meanDelay,meanQueue,maxQueue",
            results.Intersections, i => [i.Id, N(i.Passed), N(i.MeanDelay), N(i.MeanQueue), N(i.MaxQueue)]);
    }

    private static void WriteCsv<T>(string path, string header, IEnumerable<T> rows, Func<T, string[]> fields)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(header);
        foreach (var row in rows) writer.WriteLine(string.Join(',', fields(row).Select(Quote)));
    }

    private static string N(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
