using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CityMesh.Scenarios.Loading;
using CityMesh.Simulation.Energy.Anomalies;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval anomalies</c>: a detector's alerts (sensor_id,time[,kind]) against the labels of a synthetic
/// telemetry set: precision, recall and detection delay, overall and per anomaly kind (matching rules in
/// <see cref="AnomalyScorer"/>). With <c>--detect energy-meter --data DIR</c> it runs the energy meters' detector
/// (<see cref="MeterAnomalies"/>) on a <c>citymesh synth telemetry</c> folder and scores it against the folder's labels
/// of those meters; <c>--alerts</c> then names where to write the alerts.
/// </summary>
public static class EvalAnomaliesCommand
{
    public static Command Create()
    {
        var labels = new Option<string?>("--labels") { Description = "labels.csv from `citymesh synth telemetry`" };
        var alerts = new Option<string?>("--alerts") { Description = "Alerts CSV with a header: sensor_id,time[,kind] (with --detect: where to write the detector's)" };
        var detect = new Option<string?>("--detect") { Description = $"Run a detector on --data and score it: {SensorKinds.EnergyMeter}" };
        var data = new Option<string?>("--data") { Description = "With --detect: a `citymesh synth telemetry` output folder" };
        var tolerance = new Option<string>("--tolerance") { Description = "How long after an anomaly ends an alert still counts for it, e.g. 30m, 1h, 0", DefaultValueFactory = _ => "30m" };
        var output = new Option<string?>("--out") { Description = "Write the scores as JSON here" };
        var command = new Command("anomalies", "Precision, recall and detection delay of anomaly alerts against synthetic labels")
        {
            labels, alerts, detect, data, tolerance, output,
        };
        command.SetAction((result, _) =>
        {
            var text = result.GetValue(tolerance)!;
            if (!ScenarioDuration.TryParse(text, out var after) || after < TimeSpan.Zero)
                throw new UsageException($"--tolerance '{text}' is not a duration such as 30m, 1h30m or 0");
            AnomalyScore score;
            try
            {
                score = result.GetValue(detect) is { } kind
                    ? Detect(kind, result.GetValue(data), result.GetValue(labels), result.GetValue(alerts), after)
                    : AnomalyScorer.Score(LabelsCsv.Read(Required(result.GetValue(labels), "--labels")), AlertsCsv.Read(Required(result.GetValue(alerts), "--alerts")), after);
            }
            catch (CsvFormatException e)
            {
                throw new UsageException(e.Message);
            }
            Print(score);
            if (result.GetValue(output) is { } path)
            {
                File.WriteAllText(path, JsonSerializer.Serialize(score, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                AnsiConsole.MarkupLineInterpolated($"scores written to [blue]{Path.GetFullPath(path)}[/]");
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static string Required(string? value, string option) =>
        value ?? throw new UsageException($"{option} is required (or --detect {SensorKinds.EnergyMeter} with --data)");

    /// <summary>Runs the named detector over the data set and scores its alerts against the labels of the sensors it watches.</summary>
    private static AnomalyScore Detect(string kind, string? directory, string? labels, string? alertsPath, TimeSpan tolerance)
    {
        if (kind != SensorKinds.EnergyMeter) throw new UsageException($"--detect '{kind}' is not a detector; use {SensorKinds.EnergyMeter}");
        if (directory is null) throw new UsageException("--detect needs --data, a `citymesh synth telemetry` output folder");
        if (labels is not null) throw new UsageException("--labels does not apply with --detect: the labels are --data's");
        if (!Directory.Exists(directory)) throw new UsageException($"--data {directory} is not a folder");
        var series = TelemetryDataset.Read(directory);
        StationSeries meters;
        try
        {
            meters = MeterAnomalies.Meters(series);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--data {directory} has no energy meters (make it with kinds: [{SensorKinds.EnergyMeter}])");
        }
        var watched = meters.Stations.ToHashSet(StringComparer.Ordinal);
        var alerts = MeterAnomalies.Scan(meters).Select(f => MeterAnomalies.Alert(f)).ToArray();
        if (alertsPath is not null)
        {
            AlertsCsv.Write(alerts, alertsPath);
            AnsiConsole.MarkupLineInterpolated($"{alerts.Length:N0} alerts written to [blue]{Path.GetFullPath(alertsPath)}[/]");
        }
        AnsiConsole.MarkupLineInterpolated($"detector: {SensorKinds.EnergyMeter} ({nameof(MeterAnomalies)}) on {meters.Stations.Count} meters × {meters.Steps:N0} readings");
        return AnomalyScorer.Score([.. series.Labels.Where(l => watched.Contains(l.SensorId))], alerts, tolerance);
    }

    private static void Print(AnomalyScore s)
    {
        var table = new Table().Title($"{s.Alerts:N0} alerts against {s.Anomalies:N0} labelled anomalies, tolerance {TimeSpan.FromSeconds(s.ToleranceSeconds):g} after the end");
        foreach (var column in new[] { "kind", "anomalies", "detected", "recall", "alerts", "precision", "mean delay", "median delay", "max delay" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var k in s.PerKind)
            table.AddRow(k.Kind, $"{k.Anomalies:N0}", $"{k.Detected:N0}", Share(k.Recall), k.Alerts == 0 ? "-" : $"{k.Alerts:N0}", Share(k.Precision),
                Minutes(k.Delay?.MeanSeconds), Minutes(k.Delay?.MedianSeconds), Minutes(k.Delay?.MaxSeconds));
        table.AddRow("[bold]all[/]", $"{s.Anomalies:N0}", $"{s.Detected:N0}", Share(s.Recall), $"{s.Alerts:N0}", Share(s.Precision),
            Minutes(s.Delay?.MeanSeconds), Minutes(s.Delay?.MedianSeconds), Minutes(s.Delay?.MaxSeconds));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"false positives: {s.FalsePositives:N0} of {s.Alerts:N0} alerts; F1 {Share(s.F1)}; per-kind precision counts alerts that name a kind");
    }

    private static string Share(double? value) => value is { } v ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Minutes(double? seconds) => seconds is { } s ? (s / 60).ToString("F1", CultureInfo.InvariantCulture) + " min" : "-";
}
