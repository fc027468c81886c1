using System.Globalization;

namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>labels.csv: <c>sensor_id,quantity,kind,start,end,magnitude</c>, times ISO 8601 with offset.</summary>
public static class LabelsCsv
{
    public const string Header = "sensor_id,quantity,kind,start,end,magnitude";

    public static void Write(IEnumerable<AnomalyLabel> labels, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var l in labels)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{l.SensorId},{l.Quantity},{l.Kind},{TelemetryCsv.Time(l.Start)},{TelemetryCsv.Time(l.End)},{l.Magnitude:R}"));
    }

    /// <exception cref="CsvFormatException">Names the file, line and column of the first problem.</exception>
    public static IReadOnlyList<AnomalyLabel> Read(string path)
    {
        var table = CsvTable.Read(path, ["sensor_id", "kind", "start", "end"]);
        var labels = new List<AnomalyLabel>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var start = table.Time(row, "start");
            var end = table.Time(row, "end");
            if (end < start) throw table.Error(row, "end", $"{TelemetryCsv.Time(end)} is before start {TelemetryCsv.Time(start)}");
            var quantity = table.Has("quantity") ? table.Text(row, "quantity", required: false) : "";
            var magnitude = table.Has("magnitude") && table.Text(row, "magnitude", required: false).Length > 0 ? table.Number(row, "magnitude") : 0;
            labels.Add(new AnomalyLabel(table.Text(row, "sensor_id"), quantity.Length == 0 ? null : quantity, table.Text(row, "kind"), start, end, magnitude));
        }
        return labels;
    }
}
