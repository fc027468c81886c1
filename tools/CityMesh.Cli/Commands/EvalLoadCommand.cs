using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CityMesh.Simulation.Energy.Forecast;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval load</c>: the energy meters' load forecast 1–24 h ahead against the seasonal baselines on held-out
/// weeks of synthetic telemetry (generated, or read from <c>--data</c>, a <c>citymesh synth telemetry</c> folder).
/// Prints MAE per horizon for the model, the three baselines and the noise-free oracle (information: about the floor no
/// forecast reaches); exits 1 when the model misses the issue's bar, MAE ≥ 15 % below the strongest baseline (so below
/// every one) at every horizon.
/// </summary>
public static class EvalLoadCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "A `citymesh synth telemetry` output folder with energy meters; without it a set is generated" };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated set", DefaultValueFactory = _ => 42 };
        var meters = new Option<int>("--meters") { Description = "Energy meters in the generated set", DefaultValueFactory = _ => 16 };
        var weeks = new Option<int>("--weeks") { Description = "Weeks in the generated set (training + test)", DefaultValueFactory = _ => 10 };
        var testWeeks = new Option<int>("--test-weeks") { Description = "Last weeks held out for scoring", DefaultValueFactory = _ => 2 };
        var output = new Option<string?>("--out") { Description = "Write the report as JSON here" };
        var command = new Command("load", "Energy load forecast 1-24 h ahead per meter against the seasonal baselines on held-out synthetic weeks")
        {
            data, seed, meters, weeks, testWeeks, output,
        };
        command.SetAction((result, _) =>
        {
            var test = result.GetValue(testWeeks);
            var clock = Stopwatch.StartNew();
            var series = result.GetValue(data) is { } directory ? Read(directory) : Generate(result.GetValue(seed), result.GetValue(meters), result.GetValue(weeks));
            var available = (int)(series.Steps * series.Interval.TotalHours / HourlyLoad.HoursPerWeek);
            if (test < 1 || available - test < 4)
                throw new UsageException($"--test-weeks is {test}; the data set has {available} whole weeks and training needs at least 4 (so 1 to {Math.Max(1, available - 4)})");
            if (series.Interval > TimeSpan.FromHours(1) || TimeSpan.FromHours(1).Ticks % series.Interval.Ticks != 0)
                throw new UsageException($"--data: readings every {series.Options.IntervalSeconds} s do not divide an hour");
            var report = LoadForecastEvaluation.Run(series, test);
            Print(report, clock.Elapsed);
            if (result.GetValue(output) is { } path)
            {
                File.WriteAllText(path, JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                AnsiConsole.MarkupLineInterpolated($"report written to [blue]{Path.GetFullPath(path)}[/]");
            }
            return Task.FromResult(report.Passes ? 0 : 1);
        });
        return command;
    }

    private static TelemetrySeries Generate(int seed, int meters, int weeks)
    {
        if (meters is < 2 or > 1000) throw new UsageException($"--meters is {meters}; it must be 2 to 1000");
        if (weeks is < 5 or > 52) throw new UsageException($"--weeks is {weeks}; it must be 5 to 52");
        var options = LoadForecastEvaluation.DataOptions(meters, weeks);
        return TelemetryDataset.Generate(options, SensorLayout.Generate(options, seed), seed);
    }

    private static TelemetrySeries Read(string directory)
    {
        if (!Directory.Exists(directory)) throw new UsageException($"--data {directory} is not a folder");
        try
        {
            var series = TelemetryDataset.Read(directory);
            if (series.Channel(SensorKinds.EnergyMeter, SensorKinds.Load.Name) is null)
                throw new UsageException($"--data {directory} has no energy meters (make it with kinds: [energy-meter])");
            return series;
        }
        catch (Exception e) when (e is CsvFormatException or FileNotFoundException)
        {
            throw new UsageException($"--data: {e.Message}");
        }
    }

    private static void Print(LoadForecastReport r, TimeSpan elapsed)
    {
        AnsiConsole.MarkupLineInterpolated($"data: {r.Meters} meters (seed {r.Seed}), weeks 1-{r.TrainingWeeks} train, {r.TrainingWeeks + 1}-{r.TrainingWeeks + r.TestWeeks} held out");
        AnsiConsole.MarkupLineInterpolated($"mean load {r.MeanLoad:0} kW; {r.Rows[0].Points:N0} scored hours at 1 h");
        var table = new Table().Title("MAE kW; gains: % below the 4-week median");
        foreach (var column in new[] { "h", "median", "mean", "1-wk", "model", "oracle", "gain %", "oracle %", "vs mean %", "vs 1-wk %" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var row in r.Rows)
            table.AddRow($"{row.Hours}", Number(row.MedianMae), Number(row.MeanMae), Number(row.WeekMae), Number(row.ModelMae), Number(row.OracleMae),
                Percent(row.Improvement), Percent(row.OracleImprovement), Percent(row.MeanImprovement), Percent(row.WeekImprovement));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"model: {r.Model}. Baselines: {string.Join("; ", r.Baselines)} (the first is judged). Oracle: the generator's noise-free load. Gains are MAE below the judged baseline.");
        AnsiConsole.MarkupLine($"15 % below at every horizon: median {Verdict(r.BeatsMedianBy15)}, mean {Verdict(r.BeatsMeanBy15)}, 1-week {Verdict(r.BeatsWeekBy15)}");
        AnsiConsole.MarkupLine($"bar (≥ {r.RequiredImprovement:0} % below the strongest baseline at every horizon): {Verdict(r.Passes)}; {elapsed.TotalSeconds:0.0} s");
    }

    private static string Verdict(bool ok) => ok ? "[green]pass[/]" : "[red]fail[/]";

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Percent(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
