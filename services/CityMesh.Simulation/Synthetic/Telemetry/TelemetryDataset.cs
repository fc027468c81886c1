using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Labelled sensor series: generated in memory (pure for a seed), written as a directory of
/// <list type="bullet">
/// <item><c>series.csv</c>, long format, in time order: <c>time,sensor_id,kind,quantity,value,unit</c>, an empty value
/// where a sample is missing (dropout); times ISO 8601 with the city's offset;</item>
/// <item><c>labels.csv</c>: <c>sensor_id,quantity,kind,start,end,magnitude</c> (quantity empty when all the sensor's are
/// affected; start and end the first and last affected samples);</item>
/// <item><c>sites.csv</c>: <c>sensor_id,kind,latitude,longitude,group</c>;</item>
/// <item><c>options.json</c>: the options and seed that made it.</item>
/// </list>
/// </summary>
public static class TelemetryDataset
{
    public const string SeriesFile = "series.csv", LabelsFile = "labels.csv", SitesFile = "sites.csv", OptionsFile = "options.json";

    /// <param name="sites">The sensors; those of kinds the options leave out are skipped.</param>
    /// <exception cref="ArgumentException">The options are invalid (every error named) or the sites are not usable.</exception>
    public static TelemetrySeries Generate(TelemetrySynthesisOptions options, IReadOnlyList<SensorSite> sites, int seed,
        IProgress<SynthesisProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("telemetry options are invalid: " + string.Join("; ", errors), nameof(options));
        var chosen = sites.Where(s => options.Kinds.Contains(s.Kind)).ToArray();
        CheckSites(chosen);

        var channels = new List<TelemetryChannel>();
        var kinds = SensorKinds.All.Where(k => chosen.Any(s => s.Kind == k)).ToArray();
        foreach (var kind in kinds)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report(new(channels.Count / (double)(kinds.Length * 2 + 1), $"generating {kind} series"));
            var indexes = Enumerable.Range(0, chosen.Length).Where(i => chosen[i].Kind == kind).ToArray();
            channels.AddRange(CleanSeries.Build(options, chosen, SensorKinds.All.ToList().IndexOf(kind), indexes, seed));
        }
        ct.ThrowIfCancellationRequested();
        progress?.Report(new(0.9, "injecting anomalies"));
        var clean = new TelemetrySeries(options, seed, chosen, channels, []);
        var labels = AnomalyInjection.Apply(clean, AnomalyPlanner.Plan(options, chosen, seed));
        progress?.Report(new(1, $"{chosen.Length} sensors, {labels.Count} anomalies"));
        return new TelemetrySeries(options, seed, chosen, channels, labels) { GenerationTime = clock.Elapsed };
    }

    /// <summary>Writes the four files into <paramref name="directory"/> (created when missing); seconds counts generating and writing.</summary>
    public static SynthesisSummary Write(TelemetrySeries series, string directory)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var samples = TelemetryCsv.WriteSeries(series, Path.Combine(directory, SeriesFile));
        LabelsCsv.Write(series.Labels, Path.Combine(directory, LabelsFile));
        TelemetryCsv.WriteSites(series.Sites, Path.Combine(directory, SitesFile));
        File.WriteAllText(Path.Combine(directory, OptionsFile), SynthesisOptionsJson.Serialize(new DatasetOptions(series.Seed, series.Options)));
        var figures = new Dictionary<string, double>
        {
            ["sensors"] = series.Sites.Count,
            ["samples"] = samples,
            ["anomalies"] = series.Labels.Count,
            ["seconds"] = Math.Round((series.GenerationTime + clock.Elapsed).TotalSeconds, 3),
        };
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{series.Sites.Count} sensors × {series.Steps} samples every {series.Options.IntervalSeconds} s from {series.Start:yyyy-MM-dd HH:mm zzz}: {samples} readings, {series.Labels.Count} labelled anomalies");
        return new SynthesisSummary(figures, Path.GetFullPath(directory), description);
    }

    /// <summary>Reads a directory <see cref="Write"/> made back into memory.</summary>
    /// <exception cref="CsvFormatException">A file is malformed; the message names file, line and column.</exception>
    public static TelemetrySeries Read(string directory)
    {
        var optionsPath = Path.Combine(directory, OptionsFile);
        DatasetOptions saved;
        try
        {
            saved = JsonSerializer.Deserialize<DatasetOptions>(File.ReadAllText(optionsPath), SynthesisOptionsJson.Json)
                ?? throw new CsvFormatException(optionsPath, 1, 1, "holds no options");
        }
        catch (JsonException e)
        {
            throw new CsvFormatException(optionsPath, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Message);
        }
        var sites = TelemetryCsv.ReadSites(Path.Combine(directory, SitesFile));
        var series = TelemetryCsv.ReadSeries(Path.Combine(directory, SeriesFile), saved.Options, saved.Seed, sites);
        return new TelemetrySeries(saved.Options, saved.Seed, sites, series.Channels, LabelsCsv.Read(Path.Combine(directory, LabelsFile)));
    }

    private static void CheckSites(IReadOnlyList<SensorSite> sites)
    {
        if (sites.Count == 0) throw new ArgumentException("no sensor sites of the chosen kinds", nameof(sites));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sites.Count; i++)
        {
            var s = sites[i];
            if (string.IsNullOrWhiteSpace(s.Id) || s.Id.Contains(',') || s.Id.Contains('\n'))
                throw new ArgumentException($"sites[{i}].id '{s.Id}' must be non-empty, without commas or line breaks", nameof(sites));
            if (!ids.Add(s.Id)) throw new ArgumentException($"sites[{i}].id '{s.Id}' appears twice", nameof(sites));
            if (!double.IsFinite(s.Latitude) || Math.Abs(s.Latitude) > 90 || !double.IsFinite(s.Longitude) || Math.Abs(s.Longitude) > 180)
                throw new ArgumentException($"sites[{i}] ({s.Id}) has no valid WGS84 location ({s.Latitude}, {s.Longitude})", nameof(sites));
        }
    }

    /// <summary>What options.json holds.</summary>
    internal sealed record DatasetOptions(int Seed, TelemetrySynthesisOptions Options);
}
