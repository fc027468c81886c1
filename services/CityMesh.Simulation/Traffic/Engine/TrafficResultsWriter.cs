using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// Writes a run's results: the summary as JSON, trips/lanes/edges/intersections as CSV (invariant culture), and the
/// arrived trips and the run's statistics as SUMO writes them (tripinfo.xml, statistics.xml), so one script compares
/// the two on SUMO's definitions.
/// </summary>
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

    /// <summary>Writes summary.json, trips.csv, lanes.csv, edges.csv, intersections.csv, tripinfo.xml and statistics.xml into <paramref name="directory"/>.</summary>
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
        WriteTripInfo(results, Path.Combine(directory, "tripinfo.xml"));
        WriteStatistics(results, Path.Combine(directory, "statistics.xml"));
    }

    /// <summary>
    /// SUMO's tripinfo output for the arrived trips, in arrival order: depart is the insertion time, departDelay the
    /// wait before it, duration insertion to arrival (CityMesh's trips.csv duration is departDelay + duration).
    /// </summary>
    public static void WriteTripInfo(TrafficResults results, string path)
    {
        using var xml = Xml(path);
        xml.WriteStartElement("tripinfos");
        foreach (var t in results.Trips.Where(t => t.Status == TripStatus.Arrived).OrderBy(t => t.Arrival))
        {
            xml.WriteStartElement("tripinfo");
            xml.WriteAttributeString("id", t.Id);
            xml.WriteAttributeString("depart", F(t.Insertion));
            xml.WriteAttributeString("departDelay", F(t.InsertionDelay));
            xml.WriteAttributeString("arrival", F(t.Arrival));
            xml.WriteAttributeString("duration", F(t.Arrival - t.Insertion));
            xml.WriteAttributeString("routeLength", F(t.RouteLength));
            xml.WriteAttributeString("waitingTime", F(t.WaitingTime));
            xml.WriteAttributeString("timeLoss", F(t.TimeLoss));
            xml.WriteAttributeString("vType", t.Type);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>
    /// SUMO's statistic output: vehicles, teleports by cause, and the means over arrived trips its statistics block
    /// prints (duration from insertion, departDelay over inserted vehicles as SUMO averages it).
    /// </summary>
    public static void WriteStatistics(TrafficResults results, string path)
    {
        var s = results.Summary;
        var arrived = results.Trips.Where(t => t.Status == TripStatus.Arrived).ToList();
        var inserted = results.Trips.Where(t => !double.IsNaN(t.Insertion)).ToList();
        double Mean(IEnumerable<double> values, int count) => count == 0 ? 0 : values.Sum() / count;
        using var xml = Xml(path);
        xml.WriteStartElement("statistics");
        xml.WriteStartElement("vehicles");
        xml.WriteAttributeString("loaded", N(s.TripsTotal));
        xml.WriteAttributeString("inserted", N(s.Inserted));
        xml.WriteAttributeString("running", N(s.Running));
        xml.WriteAttributeString("waiting", N(s.WaitingToInsert));
        xml.WriteEndElement();
        xml.WriteStartElement("teleports");
        xml.WriteAttributeString("total", N(s.Teleports));
        xml.WriteAttributeString("jam", N(s.TeleportsJam));
        xml.WriteAttributeString("yield", N(s.TeleportsYield));
        xml.WriteAttributeString("wrongLane", N(s.TeleportsWrongLane));
        xml.WriteEndElement();
        xml.WriteStartElement("safety"); // SUMO counts its collision teleports here, not among the causes above
        xml.WriteAttributeString("collisions", N(s.TeleportsCollision));
        xml.WriteEndElement();
        xml.WriteStartElement("vehicleTripStatistics");
        xml.WriteAttributeString("count", N(arrived.Count));
        xml.WriteAttributeString("routeLength", F(Mean(arrived.Select(t => t.RouteLength), arrived.Count)));
        xml.WriteAttributeString("speed", F(Mean(arrived.Select(t => t.Arrival > t.Insertion ? t.RouteLength / (t.Arrival - t.Insertion) : 0), arrived.Count)));
        xml.WriteAttributeString("duration", F(Mean(arrived.Select(t => t.Arrival - t.Insertion), arrived.Count)));
        xml.WriteAttributeString("waitingTime", F(Mean(arrived.Select(t => t.WaitingTime), arrived.Count)));
        xml.WriteAttributeString("timeLoss", F(Mean(arrived.Select(t => t.TimeLoss), arrived.Count)));
        xml.WriteAttributeString("departDelay", F(Mean(inserted.Select(t => t.InsertionDelay), inserted.Count)));
        xml.WriteAttributeString("totalTravelTime", F(arrived.Sum(t => t.Arrival - t.Insertion)));
        xml.WriteAttributeString("totalDepartDelay", F(inserted.Sum(t => t.InsertionDelay)));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static System.Xml.XmlWriter Xml(string path) =>
        System.Xml.XmlWriter.Create(path, new System.Xml.XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });

    /// <summary>SUMO's two decimals.</summary>
    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

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
