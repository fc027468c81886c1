using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CityMesh.Scenarios.Loading;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval anomalies</c>: a detector's alerts (sensor_id,time[,kind]) against the labels of a synthetic
/// telemetry set: precision, recall and detection delay, overall and per anomaly kind (matching rules in
/// <see cref="AnomalyScorer"/>).
/// </summary>
public static class EvalAnomaliesCommand
{
    public static Command Create()
    {
        var labels = new Option<string>("--labels") { Description = "labels.csv from `citymesh synth telemetry`", Required = true };
        var alerts = new Option<string>("--alerts") { Description = "Alerts CSV with a header: sensor_id,time[,kind]", Required = true };
        var tolerance = new Option<string>("--tolerance") { Description = "How long after an anomaly ends an alert still counts for it, e.g. 30m, 1h, 0", DefaultValueFactory = _ => "30m" };
        var output = new Option<string?>("--out") { Description = "Write the scores as JSON here" };
        var command = new Command("anomalies", "Precision, recall and detection delay of anomaly alerts against synthetic labels")
        {
            labels, alerts, tolerance, output,
        };
        command.SetAction((result, _) =>
        {
            var text = result.GetValue(tolerance)!;
            if (!ScenarioDuration.TryParse(text, out var after) || after < TimeSpan.Zero)
                throw new UsageException($"--tolerance '{text}' is not a duration such as 30m, 1h30m or 0");
            AnomalyScore score;
            try
            {
                score = AnomalyScorer.Score(LabelsCsv.Read(result.GetValue(labels)!), AlertsCsv.Read(result.GetValue(alerts)!), after);
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
