using System.Globalization;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>series.csv and sites.csv (formats in <see cref="TelemetryDataset"/>). Values are written in the shortest form that reads back to the same float.</summary>
internal static class TelemetryCsv
{
    public const string SeriesHeader = "time,sensor_id,kind,quantity,value,unit";
    public const string SitesHeader = "sensor_id,kind,latitude,longitude,group";

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <returns>Samples written with a value (missing ones are rows with an empty value).</returns>
    public static long WriteSeries(TelemetrySeries series, string path)
    {
        long present = 0;
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
        w.WriteLine(SeriesHeader);
        Span<char> number = stackalloc char[32];
        for (var t = 0; t < series.Steps; t++)
        {
            var time = Time(series.TimeAt(t));
            for (var s = 0; s < series.Sites.Count; s++)
            {
                var site = series.Sites[s];
                foreach (var (channel, row) in series.ChannelsOf(s))
                {
                    var value = channel.Values[row * series.Steps + t];
                    w.Write(time);
                    w.Write(',');
                    w.Write(site.Id);
                    w.Write(',');
                    w.Write(site.Kind);
                    w.Write(',');
                    w.Write(channel.Quantity.Name);
                    w.Write(',');
                    if (!float.IsNaN(value) && value.TryFormat(number, out var written, default, CultureInfo.InvariantCulture))
                    {
                        w.Write(number[..written]);
                        present++;
                    }
                    w.Write(',');
                    w.WriteLine(channel.Quantity.Unit);
                }
            }
        }
        return present;
    }

    public static void WriteSites(IEnumerable<SensorSite> sites, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(SitesHeader);
        foreach (var s in sites)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Id},{s.Kind},{s.Latitude:R},{s.Longitude:R},{s.Group}"));
    }

    public static IReadOnlyList<SensorSite> ReadSites(string path)
    {
        var table = CsvTable.Read(path, ["sensor_id", "kind", "latitude", "longitude"]);
        var sites = new List<SensorSite>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            var kind = table.Text(row, "kind");
            if (!SensorKinds.All.Contains(kind)) throw table.Error(row, "kind", $"'{kind}' is not one of {string.Join(", ", SensorKinds.All)}");
            var group = table.Has("group") ? table.Text(row, "group", required: false) : "";
            sites.Add(new SensorSite(table.Text(row, "sensor_id"), kind, table.Number(row, "latitude"), table.Number(row, "longitude"), group.Length == 0 ? null : group));
        }
        return sites;
    }

    /// <summary>Reads series.csv into channels laid out as the generator lays them out; samples absent from the file stay missing.</summary>
    public static TelemetrySeries ReadSeries(string path, TelemetrySynthesisOptions options, int seed, IReadOnlyList<SensorSite> sites)
    {
        var channels = new List<TelemetryChannel>();
        foreach (var kind in SensorKinds.All)
        {
            var indexes = Enumerable.Range(0, sites.Count).Where(i => sites[i].Kind == kind).ToArray();
            if (indexes.Length == 0) continue;
            foreach (var q in SensorKinds.QuantitiesOf(kind))
            {
                var values = new float[indexes.Length * options.Steps];
                Array.Fill(values, float.NaN);
                channels.Add(new TelemetryChannel(kind, q, indexes, values));
            }
        }
        var series = new TelemetrySeries(options, seed, sites, channels, []);
        var siteIndex = sites.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var table = CsvTable.Read(path, ["time", "sensor_id", "quantity", "value"]);
        foreach (var row in table.Rows)
        {
            var id = table.Text(row, "sensor_id");
            if (!siteIndex.TryGetValue(id, out var s)) throw table.Error(row, "sensor_id", $"'{id}' is not in sites.csv");
            var quantity = table.Text(row, "quantity");
            var match = series.ChannelsOf(s).FirstOrDefault(x => x.Channel.Quantity.Name == quantity);
            if (match.Channel is null) throw table.Error(row, "quantity", $"'{quantity}' is not read by a {sites[s].Kind}");
            var time = table.Time(row, "time");
            var offset = time - series.Start;
            var step = offset.Ticks / series.Interval.Ticks;
            if (offset.Ticks % series.Interval.Ticks != 0 || step < 0 || step >= series.Steps)
                throw table.Error(row, "time", $"{Time(time)} is not a sample time of the series (every {options.IntervalSeconds} s from {Time(series.Start)})");
            if (table.Text(row, "value", required: false).Length == 0) continue;
            match.Channel.Values[match.Row * series.Steps + step] = (float)table.Number(row, "value");
        }
        return series;
    }
}
