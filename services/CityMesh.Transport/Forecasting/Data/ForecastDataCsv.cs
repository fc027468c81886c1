using System.Globalization;

namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// The data set as files in a directory, so evaluation reruns skip the simulation: <c>series.csv</c>
/// (day,date,slot,road,flow_veh_h,speed_kmh), <c>incidents.csv</c> (day,road,closed_lanes,start_minute,end_minute)
/// and <c>dataset.txt</c> (the options it was made with; a cache is reused only when they match).
/// </summary>
public static class ForecastDataCsv
{
    public static void Write(ForecastDataSet set, ForecastDataOptions options, string directory)
    {
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        using (var w = new StreamWriter(Path.Combine(directory, "series.csv")))
        {
            w.WriteLine("day,date,slot,road,flow_veh_h,speed_kmh");
            for (int d = 0; d < set.Days; d++)
                for (int s = 0; s < ForecastDataSet.SlotsPerDay; s++)
                    for (int r = 0; r < set.Roads.Count; r++)
                    {
                        int k = set.Index(r, d, s);
                        w.WriteLine(string.Create(inv, $"{d},{set.FirstDay.AddDays(d):yyyy-MM-dd},{s},{set.Roads[r]},{set.Flow[k]:0.###},{set.Speed[k]:0.###}"));
                    }
        }
        using (var w = new StreamWriter(Path.Combine(directory, "incidents.csv")))
        {
            w.WriteLine("day,road,closed_lanes,start_minute,end_minute");
            foreach (var i in set.Incidents)
                w.WriteLine(string.Create(inv, $"{i.Day},{i.Road},{string.Join(';', i.ClosedLanes)},{i.StartMinute},{i.EndMinute}"));
        }
        // Written last: a directory with a matching dataset.txt holds a complete data set.
        File.WriteAllText(Path.Combine(directory, "dataset.txt"), Fingerprint(options));
    }

    /// <summary>The data set in <paramref name="directory"/> when it was made with <paramref name="options"/>; otherwise null.</summary>
    public static ForecastDataSet? TryRead(string directory, ForecastDataOptions options)
    {
        var meta = Path.Combine(directory, "dataset.txt");
        if (!File.Exists(meta) || File.ReadAllText(meta) != Fingerprint(options)) return null;
        var inv = CultureInfo.InvariantCulture;
        var rows = File.ReadLines(Path.Combine(directory, "series.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var roads = rows.Select(c => c[3]).Distinct().ToArray();
        var roadIndex = roads.Select((r, i) => (r, i)).ToDictionary(p => p.r, p => p.i, StringComparer.Ordinal);
        int slots = ForecastDataSet.SlotsPerDay;
        var set = new ForecastDataSet(options.FirstDay, options.Days, roads, new float[roads.Length * options.Days * slots],
            new float[roads.Length * options.Days * slots], ReadIncidents(Path.Combine(directory, "incidents.csv")));
        if (rows.Count != set.Flow.Length)
            throw new InvalidDataException($"{directory}/series.csv has {rows.Count} rows; {options.Days} days of {roads.Length} roads need {set.Flow.Length}.");
        foreach (var c in rows)
        {
            int k = set.Index(roadIndex[c[3]], int.Parse(c[0], inv), int.Parse(c[2], inv));
            set.Flow[k] = float.Parse(c[4], inv);
            set.Speed[k] = float.Parse(c[5], inv);
        }
        return set;
    }

    private static IncidentLabel[] ReadIncidents(string path) =>
        File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Select(c => new IncidentLabel(
            int.Parse(c[0], CultureInfo.InvariantCulture), c[1],
            c[2].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(c[3], CultureInfo.InvariantCulture), int.Parse(c[4], CultureInfo.InvariantCulture))).ToArray();

    /// <summary>The options that decide the data (not parallelism), one per line.</summary>
    private static string Fingerprint(ForecastDataOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"format 1\ndays {o.Days}\nseed {o.Seed}\nfirst-day {o.FirstDay:yyyy-MM-dd}\npeak-share {o.PeakShare}\nday-level-spread {o.DayLevelSpread}\n" +
        $"wander-spread {o.WanderSpread}\nincidents-per-day {o.IncidentsPerDay}\nincident-minutes {o.IncidentMinMinutes}-{o.IncidentMaxMinutes}\n" +
        $"incident-speed-limit {o.IncidentSpeedLimit}\nwarm-up {o.WarmUpSeconds}\nsample {o.SampleSeconds}\n");
}
