using System.CommandLine;
using System.Globalization;
using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Evaluation;
using CityMesh.Health.Forecasting.Models;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval admissions</c>: daily emergency admissions per hospital 1–7 days ahead, the model against the
/// seasonal naive baseline on held-out synthetic days; exits 1 when the model misses the issue's bar (MAE ≥ 15 %
/// below the baseline's) at any horizon.
/// </summary>
public static class EvalAdmissionsCommand
{
    public static Command Create()
    {
        var hospitals = new Option<int>("--hospitals") { Description = "Synthetic hospitals", DefaultValueFactory = _ => 12 };
        var days = new Option<int>("--days") { Description = "Synthetic days (training + test), from Monday 3 April 2023", DefaultValueFactory = _ => 1092 };
        var testDays = new Option<int>("--test-days") { Description = "Last days held out for scoring", DefaultValueFactory = _ => 182 };
        var seed = new Option<int>("--seed") { Description = "Seed for hospitals, levels, waves and counts", DefaultValueFactory = _ => 42 };
        var data = new Option<string>("--data") { Description = "Directory caching the synthetic data set as CSV (reused when made with the same settings)", DefaultValueFactory = _ => "out/admissions-data" };
        var output = new Option<string?>("--out") { Description = "Write the table as CSV here" };
        var command = new Command("admissions", "Emergency admissions per hospital 1–7 days ahead: model against the seasonal naive baseline on held-out synthetic days")
        {
            hospitals, days, testDays, seed, data, output,
        };
        command.SetAction((result, _) =>
        {
            int h = result.GetValue(hospitals), n = result.GetValue(days), test = result.GetValue(testDays);
            int minTraining = TrainedAdmissions.MinimumTrainingDays;
            if (h is < 1 or > 1000) throw new UsageException($"--hospitals is {h}; it must be 1 to 1000");
            if (n < minTraining + 1 || n > 36525) throw new UsageException($"--days is {n}; it must be {minTraining + 1} to 36525");
            if (test < 1 || test > n - minTraining) throw new UsageException($"--test-days is {test}; it must be 1 to {n - minTraining} (with --days {n}, at least {minTraining} days are left for training)");
            var options = new AdmissionsDataOptions { Hospitals = h, Days = n, Seed = result.GetValue(seed) };
            var set = LoadOrGenerate(result.GetValue(data)!, options);
            var report = AdmissionsEvaluation.Run(set.Series, test, set.Expected);
            Print(report, set);
            if (result.GetValue(output) is { } path) WriteCsv(report, path);
            var gains = string.Join(", ", report.Rows.Select(r => $"{r.Horizon} d {r.MaeGain:F1} %"));
            AnsiConsole.MarkupLine(report.Passes
                ? $"[green]pass[/]: the model's MAE is at least {report.RequiredGain} % below the baseline's at every horizon ({gains})"
                : $"[red]fail[/]: the model misses the bar ({report.RequiredGain} % below the baseline's MAE) at {string.Join(", ", report.Misses.Select(m => $"{m} d"))} ({gains})");
            return Task.FromResult(report.Passes ? 0 : 1);
        });
        return command;
    }

    private static AdmissionsDataSet LoadOrGenerate(string directory, AdmissionsDataOptions options)
    {
        if (AdmissionsDataCsv.TryRead(directory, options) is { } cached)
        {
            AnsiConsole.MarkupLineInterpolated($"data set: [blue]{Path.GetFullPath(directory)}[/] (cached: {cached.Series.Hospitals.Count} hospitals, {cached.Series.Days} days, {cached.Waves.Count} waves)");
            return cached;
        }
        var set = AdmissionsDataGenerator.Generate(options);
        AdmissionsDataCsv.Write(set, options, directory);
        AnsiConsole.MarkupLineInterpolated($"data set: {set.Series.Hospitals.Count} hospitals, {set.Series.Days} days from {set.Series.FirstDay:yyyy-MM-dd}, {set.Waves.Count} waves; cached in [blue]{Path.GetFullPath(directory)}[/]");
        return set;
    }

    private static void Print(AdmissionsEvaluationReport report, AdmissionsDataSet set)
    {
        var s = set.Series;
        var table = new Table().Title($"{report.ModelName} vs base (seasonal naive, {report.BaselineWeeks} weeks): {report.TrainingDays} training days, " +
            $"{report.TestDays} held out from {report.FirstTestDay:yyyy-MM-dd}, {report.Hospitals} hospitals");
        foreach (var column in new[] { "ahead", "base MAE", "model MAE", "MAE gain %", "base RMSE", "model RMSE", "base MAPE %", "model MAPE %", "in 80 % PI %" })
            table.AddColumn(new TableColumn(column).RightAligned());
        foreach (var r in report.Rows)
            table.AddRow($"{r.Horizon} d", $"{r.Baseline.Mae:F2}", $"{r.Model.Mae:F2}", $"{r.MaeGain:F1}", $"{r.Baseline.Rmse:F2}", $"{r.Model.Rmse:F2}",
                $"{r.Baseline.Mape:F2}", $"{r.Model.Mape:F2}", $"{100 * r.IntervalCoverage:F1}");
        AnsiConsole.Write(table);
        int first = report.TrainingDays, last = s.Days - 1;
        double mean = Enumerable.Range(0, s.Hospitals.Count).SelectMany(h => Enumerable.Range(first, report.TestDays).Select(d => (double)s.Count(h, d))).Average();
        AnsiConsole.MarkupLineInterpolated($"MAE and RMSE in admissions a day per hospital (held-out mean {mean:F1}); MAPE over actuals ≥ {AdmissionsEvaluation.MapeFloor}; PI: the model's 80 % prediction interval.");
        if (report.Rows[0].Floor is { } floor)
            AnsiConsole.MarkupLineInterpolated($"noise floor (the synthetic noise-free mean as a forecast): MAE {floor.Mae:F2}, RMSE {floor.Rmse:F2}, MAPE {floor.Mape:F2} %");
        var waves = set.Waves.Where(w => w.Overlaps(first, last)).ToArray();
        AnsiConsole.MarkupLineInterpolated($"waves in the held-out days: {(waves.Length == 0 ? "none" : string.Join("; ", waves.Select(w => $"onset {s.Date(w.OnsetDay):yyyy-MM-dd}, peak {s.Date(w.PeakDay):yyyy-MM-dd} (+{100 * w.PeakShare:F0} %), end {s.Date(w.EndDay):yyyy-MM-dd}")))}");
    }

    private static void WriteCsv(AdmissionsEvaluationReport report, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("horizon_days,baseline_mae,model_mae,mae_gain_pct,baseline_rmse,model_rmse,baseline_mape_pct,model_mape_pct,interval80_coverage_pct,floor_mae,points");
        foreach (var r in report.Rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Horizon},{r.Baseline.Mae:F4},{r.Model.Mae:F4},{r.MaeGain:F2},{r.Baseline.Rmse:F4},{r.Model.Rmse:F4},{r.Baseline.Mape:F3},{r.Model.Mape:F3},{100 * r.IntervalCoverage:F2},{r.Floor?.Mae.ToString("F4", CultureInfo.InvariantCulture) ?? ""},{r.Model.Points}"));
        AnsiConsole.MarkupLineInterpolated($"table written to [blue]{Path.GetFullPath(path)}[/]");
    }
}
