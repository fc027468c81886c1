namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>An alerts file: <c>sensor_id,time[,kind]</c> with a header; extra columns are ignored.</summary>
public static class AlertsCsv
{
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
