using System.Globalization;

namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>An alerts file: <c>sensor_id,time[,kind]</c> with a header; extra columns are ignored.</summary>
public static class AlertsCsv
{
    public const string Header = "sensor_id,time,kind";

    /// <summary>Writes what <see cref="Read"/> reads: a detector's alerts for <c>citymesh eval anomalies --alerts</c>.</summary>
    public static void Write(IEnumerable<AnomalyAlert> alerts, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var a in alerts) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.SensorId},{TelemetryCsv.Time(a.Time)},{a.Kind}"));
    }

    /// <exception cref="CsvFormatException">Names the file, line and column of the first problem.</exception>
    public static IReadOnlyList<AnomalyAlert> Read(string path)
    {
        var table = CsvTable.Read(path, ["sensor_id", "time"]);
        var alerts = new List<AnomalyAlert>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var kind = table.Has("kind") ? table.Text(row, "kind", required: false) : "";
            alerts.Add(new AnomalyAlert(table.Text(row, "sensor_id"), table.Time(row, "time"), kind.Length == 0 ? null : kind));
        }
        return alerts;
    }
}
