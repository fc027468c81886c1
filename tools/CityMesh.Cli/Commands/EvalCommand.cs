using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Evaluation;
using CityMesh.Transport.Forecasting.Models;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval forecast</c>: short-term forecasts against historical average on simulated Jinan days with
/// held-out days; exits 1 when the model misses the bar (flow MAE ≥ 20 % lower at 30 minutes).
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Simulated days (training + test)", DefaultValueFactory = _ => 14 };
        var testDays = new Option<int>("--test-days") { Description = "Last days held out for scoring", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed for demand, day levels, incidents and the simulation", DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Directory caching the generated data set (reused when made with the same settings)", DefaultValueFactory = _ => "out/forecast-data" };
        var output = new Option<string?>("--out") { Description = "Write the table as CSV here" };
        var jinan = new Option<string>("--jinan-dir") { Description = "Directory with roadnet_3_4.json and anon_3_4_jinan_real.json", DefaultValueFactory = _ => "../shared/data/traffic/Jinan_3_4" };
        var forecast = new Command("forecast", "Flow and speed forecasts 15/30/60 min ahead per detector: model against historical average on held-out simulated days")
        {
            days, testDays, seed, data, output, jinan,
        };
        forecast.SetAction((result, ct) =>
        {
            int n = result.GetValue(days), test = result.GetValue(testDays);
            if (n < 2) throw new UsageException($"--days is {n}; it must be at least 2");
            if (test < 1 || test >= n) throw new UsageException($"--test-days is {test}; it must be 1 to {n - 1} (--days {n})");
            var dir = result.GetValue(jinan)!;
            string roadnet = Path.Combine(dir, "roadnet_3_4.json"), flow = Path.Combine(dir, "anon_3_4_jinan_real.json");
            if (!File.Exists(roadnet) || !File.Exists(flow)) throw new UsageException($"--jinan-dir {dir} lacks roadnet_3_4.json or anon_3_4_jinan_real.json");
            var options = new ForecastDataOptions { Days = n, Seed = (ulong)result.GetValue(seed) };
            var network = CityFlowNetworkReader.Read(roadnet);
            var set = LoadOrGenerate(result.GetValue(data)!, roadnet, flow, options, ct);
            var report = ForecastEvaluation.Run(set, DetectorNeighbours.From(network, set.Roads), test);
            Print(report);
            if (result.GetValue(output) is { } path) WriteCsv(report, path);
            AnsiConsole.MarkupLine(report.Passes
                ? $"[green]pass[/]: flow MAE at 30 min is {report.Row(Quantity.Flow, 30).MaeImprovement:F1} % below historical average (bar {report.RequiredImprovement} %)"
                : $"[red]fail[/]: flow MAE at 30 min is {report.Row(Quantity.Flow, 30).MaeImprovement:F1} % below historical average; the bar is {report.RequiredImprovement} %");
            return Task.FromResult(report.Passes ? 0 : 1);
        });
        return new Command("eval", "Evaluations of the city's models against their baselines: forecast (traffic), admissions (hospitals), anomalies (sensor alerts), leaks (water), air (air quality), load (energy)")
        {
            forecast, EvalAdmissionsCommand.Create(), EvalAnomaliesCommand.Create(), EvalLeaksCommand.Create(), EvalAirCommand.Create(), EvalLoadCommand.Create(),
        };
    }

    private static ForecastDataSet LoadOrGenerate(string directory, string roadnet, string flow, ForecastDataOptions options, CancellationToken ct)
    {
        if (ForecastDataCsv.TryRead(directory, options) is { } cached)
        {
            AnsiConsole.MarkupLineInterpolated($"data set: [blue]{Path.GetFullPath(directory)}[/] (cached, {cached.Days} days, {cached.Roads.Count} detectors, {cached.Incidents.Count} incidents)");
            return cached;
        }
        var clock = Stopwatch.StartNew();
        ForecastDataSet? set = null;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"simulating {options.Days} days of Jinan traffic", maxValue: options.Days);
                set = ForecastDataGenerator.Generate(roadnet, flow, options, new Progress<int>(done => task.Value = done), ct);
                task.Value = options.Days;
            });
        ForecastDataCsv.Write(set!, options, directory);
        AnsiConsole.MarkupLineInterpolated($"data set: {set!.Days} days, {set.Roads.Count} detectors, {set.Incidents.Count} incidents, simulated in {clock.Elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} cores; cached in [blue]{Path.GetFullPath(directory)}[/]");
        return set;
    }

    private static void Print(ForecastEvaluationReport report)
    {
        var table = new Table().Title($"{report.ModelName} vs historical average: {report.TrainingDays} training days, {report.TestDays} held-out days, {report.Roads} detectors");
        foreach (var column in new[] { "quantity", "horizon", "HA MAE", "model MAE", "MAE gain", "HA RMSE", "model RMSE", "HA MAPE", "model MAPE" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var row in report.Rows)
        {
            var unit = row.Quantity == Quantity.Flow ? "veh/h" : "km/h";
            table.AddRow(row.Quantity == Quantity.Flow ? "flow" : "speed", $"{row.Minutes} min",
                $"{row.Average.Mae:F1} {unit}", $"{row.Model.Mae:F1} {unit}", $"{row.MaeImprovement:F1} %",
                $"{row.Average.Rmse:F1}", $"{row.Model.Rmse:F1}", $"{row.Average.Mape:F1} %", $"{row.Model.Mape:F1} %");
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"MAPE counts actuals ≥ {ForecastEvaluation.FlowMapeFloor} veh/h (flow) and ≥ {ForecastEvaluation.SpeedMapeFloor} km/h (speed); MAE and RMSE count every point.");
    }

    private static void WriteCsv(ForecastEvaluationReport report, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("quantity,horizon_min,ha_mae,model_mae,mae_improvement_pct,ha_rmse,model_rmse,ha_mape_pct,model_mape_pct,points,mape_points");
        foreach (var r in report.Rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Quantity.ToString().ToLowerInvariant()},{r.Minutes},{r.Average.Mae:F3},{r.Model.Mae:F3},{r.MaeImprovement:F2},{r.Average.Rmse:F3},{r.Model.Rmse:F3},{r.Average.Mape:F2},{r.Model.Mape:F2},{r.Model.Points},{r.Model.MapePoints}"));
        AnsiConsole.MarkupLineInterpolated($"table written to [blue]{Path.GetFullPath(path)}[/]");
    }
}
