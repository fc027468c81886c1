using System.CommandLine;
using System.Globalization;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Leaks;
using Spectre.Console;

namespace CityMesh.Cli.Commands;

/// <summary>
/// <c>citymesh eval leaks</c>: leak detection and localisation scored on a labelled data set drawn with the hydraulic
/// solver on a real network (EPANET's Net3 by default): precision, recall, delay and localisation error against the
/// targets (recall at least 0.8 for leaks above 5 % of the area's mean flow, median delay under 12 h, median
/// localisation error under 300 m).
/// </summary>
public static class EvalLeaksCommand
{
    public static Command Create()
    {
        var inp = new Option<string>("--inp") { Description = "The network (EPANET .inp)", DefaultValueFactory = _ => "../shared/data/water/Net3.inp" };
        var leaks = new Option<int>("--leaks") { Description = "Cases with a leak", DefaultValueFactory = _ => new LeakDataOptions().LeakCases };
        var controls = new Option<int>("--controls") { Description = "Leak-free cases (for false alarms)", DefaultValueFactory = _ => new LeakDataOptions().ControlCases };
        var days = new Option<int>("--days") { Description = "Days a case runs (the first --training-days leak-free)", DefaultValueFactory = _ => new LeakDataOptions().Days };
        var training = new Option<int>("--training-days") { Description = "Leak-free days the detector learns from", DefaultValueFactory = _ => new LeakDataOptions().TrainingDays };
        var sensors = new Option<int>("--sensors") { Description = "Pressure loggers spread over the network", DefaultValueFactory = _ => new LeakDataOptions().PressureSensors };
        var seed = new Option<int>("--seed") { Description = "Seed of the data set (the detector was set on seed 1; 2 is held out)", DefaultValueFactory = _ => 2 };
        var areas = new Option<int>("--areas") { Description = "District metered areas the network is cut into", DefaultValueFactory = _ => new LeakDataOptions().Areas };
        var locateAfter = new Option<double>("--locate-after") { Description = "Hours after the alarm the locator fits too", DefaultValueFactory = _ => new LeakMonitorOptions().LocateAfterHours };
        var oneScale = new Option<bool>("--one-scale") { Description = "Scale the model's demands by one city-wide factor, not area by area to the district meters" };
        var nightThreshold = new Option<double>("--night-threshold") { Description = "Spreads an area's night flow must stand out by", DefaultValueFactory = _ => new NightFlowOptions().Threshold };
        var allowance = new Option<double>("--allowance") { Description = "The model detector's CUSUM allowance (standard deviations)", DefaultValueFactory = _ => new LeakDetectorOptions().Allowance };
        var threshold = new Option<double>("--threshold") { Description = "The model detector's CUSUM threshold", DefaultValueFactory = _ => new LeakDetectorOptions().Threshold };
        var output = new Option<string?>("--out") { Description = "Write every case as CSV here" };
        var live = new Option<bool>("--live") { Description = "Draw the cases along the live path: the seeded meters read from the sensors' running field and gathered as safety's leak watch gathers them (two training days, one watched)" };
        var command = new Command("leaks", "Leak detection and localisation on a labelled set simulated by the hydraulic solver: precision, recall, delay, distance to the leak")
        {
            inp, leaks, controls, days, training, sensors, seed, areas, locateAfter, oneScale, nightThreshold, allowance, threshold, output, live,
        };
        command.SetAction((result, ct) =>
        {
            var path = result.GetValue(inp)!;
            if (!File.Exists(path)) throw new UsageException($"--inp: {path} does not exist");
            var options = new LeakDataOptions
            {
                LeakCases = result.GetValue(leaks), ControlCases = result.GetValue(controls), Days = result.GetValue(days),
                TrainingDays = result.GetValue(training), PressureSensors = result.GetValue(sensors), Seed = result.GetValue(seed),
                Areas = result.GetValue(areas),
            };
            if (options.Areas < 1) throw new UsageException("--areas must be at least 1");
            if (!(result.GetValue(locateAfter) >= 0)) throw new UsageException("--locate-after must be 0 or more hours");
            var monitor = new LeakMonitorOptions { LocateAfterHours = result.GetValue(locateAfter), AreaDemands = !result.GetValue(oneScale),
                Night = new NightFlowOptions { Threshold = result.GetValue(nightThreshold) },
                Model = new LeakDetectorOptions(result.GetValue(allowance), result.GetValue(threshold)) };
            if (!(monitor.Model.Allowance >= 0) || !(monitor.Model.Threshold > 0)) throw new UsageException("--allowance must be 0 or more and --threshold above 0");
            if (!(monitor.Night.Threshold > 0)) throw new UsageException("--night-threshold must be above 0");
            if (options.LeakCases < 1) throw new UsageException("--leaks must be at least 1");
            if (options.ControlCases < 0) throw new UsageException("--controls must be 0 or more");
            if (options.TrainingDays < 1 || options.Days <= options.TrainingDays)
                throw new UsageException($"--days ({options.Days}) must exceed --training-days ({options.TrainingDays}), which must be at least 1");
            if (options.PressureSensors < 1) throw new UsageException("--sensors must be at least 1");
            var network = InpReader.Read(path);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (result.GetValue(live))
            {
                var (cases, meters, meanInflow) = LiveLeakCases.Draw(network, options.LeakCases, options.ControlCases, options.Seed, ct);
                var liveDrawn = clock.Elapsed;
                var scored = LeakEvaluation.Score(network, meters.LoggerJunctions, meters.Partition, cases, LiveLeakCases.TrainingStart, LiveLeakCases.TrainingEnd, monitor, ct);
                Print(scored, $"{network.Title.Split('\n')[0].Trim()} along the live path: {cases.Count} cases ({options.LeakCases} leaks of 3–15 % of the mean inflow, " +
                    $"{meanInflow * 1e3:0.0} L/s; {options.ControlCases} leak-free), the seeded meters ({meters.Loggers.Count} loggers, {meters.TankGauges.Count} tank gauges, " +
                    $"{meters.LinkMonitors.Count} link signals), two training days and one watched at 15 min, seed {options.Seed}; " +
                    $"drawn in {liveDrawn.TotalSeconds:0.0} s, scored in {(clock.Elapsed - liveDrawn).TotalSeconds:0.0} s", meters.Partition);
                if (result.GetValue(output) is { } liveCsv) WriteCsv(scored, liveCsv);
                return Task.FromResult(scored.Passes ? 0 : 1);
            }
            var data = LeakDataset.Generate(network, options);
            var drawn = clock.Elapsed;
            var report = LeakEvaluation.Run(data, monitor, ct);
            var o = data.Options;
            Print(report, $"{data.Network.Title.Split('\n')[0].Trim()}: {data.Cases.Count} cases ({o.LeakCases} leaks of {o.MinLeakShare:P0}–{o.MaxLeakShare:P0} of the mean inflow, " +
                $"{data.MeanInflow * 1e3:0.0} L/s; {o.ControlCases} leak-free), {o.Days} days each at {o.StepSeconds / 60} min, {data.Sensors.Count} pressure loggers, seed {o.Seed}; " +
                $"drawn in {drawn.TotalSeconds:0.0} s, scored in {(clock.Elapsed - drawn).TotalSeconds:0.0} s", data.Partition);
            if (result.GetValue(output) is { } csv) WriteCsv(report, csv);
            return Task.FromResult(report.Passes ? 0 : 1);
        });
        return command;
    }

    private static void Print(LeakEvaluationReport report, string header, DistrictPartition p)
    {
        AnsiConsole.MarkupLine(Markup.Escape(header));
        AnsiConsole.MarkupLine(Markup.Escape($"{p.Areas.Count} district metered areas ({string.Join(", ", p.Areas.Select(a => $"{a.Name}: {a.Junctions.Count} junctions"))}), " +
            $"{p.MeteredLinks.Count} metered links"));
        var table = new Table().AddColumns("case", "leak pipe", "share", "start", "model", "night", "onset est.", "delay h", "by", "top pipe", "distance m", "conf");
        foreach (var c in report.Cases)
            table.AddRow($"{c.Index}", c.Pipe ?? "-", c.Pipe is null ? "-" : $"{c.Share:P1}", Clock(c.Start), Clock(c.ModelAlarm), Clock(c.NightAlarm),
                Clock(c.Alert?.Start) + (c.FalseAlarm ? " (false)" : ""), c.DelayHours is { } d ? $"{d:0.0}" : "-", c.Alert?.RaisedBy ?? "-",
                c.TopPipe ?? "-", c.DistanceMetres is { } m ? $"{m:0}" : "-", c.Confidence is { } f ? $"{f:0.00}" : "-");
        AnsiConsole.Write(table);
        var detectors = new Table().AddColumns("detector", "right", "false", "precision", $"recall ≥ {LeakEvaluation.MinShare:P0}", "median delay");
        foreach (var s in report.Detectors)
            detectors.AddRow(s.Detector, $"{s.TruePositives}", $"{s.FalsePositives}", $"{s.Precision:0.00}", $"{s.Recall:0.00}", Hours(s.MedianDelayHours));
        AnsiConsole.Write(detectors);
        // Calibration: how often alerts in each confidence band were right.
        var bands = new Table().AddColumns("confidence", "alerts", "right", "share right");
        foreach (var (low, high) in new[] { (0.0, 0.6), (0.6, 0.8), (0.8, 0.95), (0.95, 1.01) })
        {
            var inBand = report.Cases.Where(c => c.Confidence is { } x && x >= low && x < high).ToList();
            int right = inBand.Count(c => !c.FalseAlarm);
            bands.AddRow($"{low:0.00}–{Math.Min(high, 1):0.00}", $"{inBand.Count}", $"{right}", inBand.Count > 0 ? $"{(double)right / inBand.Count:0.00}" : "-");
        }
        AnsiConsole.Write(bands);
        string Verdict(bool ok) => ok ? "[green]pass[/]" : "[red]fail[/]";
        AnsiConsole.MarkupLine($"precision {report.Precision:0.00} ({report.TruePositives} alerts right, {report.FalsePositives} false; target ≥ {LeakEvaluationReport.PrecisionTarget}) {Verdict(report.Precision >= LeakEvaluationReport.PrecisionTarget)}");
        AnsiConsole.MarkupLine($"recall {report.Recall:0.00} of {report.Counted} leaks at or above {LeakEvaluation.MinShare:P0} (target ≥ {LeakEvaluationReport.RecallTarget}) {Verdict(report.Recall >= LeakEvaluationReport.RecallTarget)}");
        AnsiConsole.MarkupLine($"median delay {Hours(report.MedianDelayHours)} (target < {LeakEvaluationReport.DelayTargetHours} h) {Verdict(report.MedianDelayHours < LeakEvaluationReport.DelayTargetHours)}");
        AnsiConsole.MarkupLine($"median localisation error {(report.MedianDistanceMetres is { } m2 ? $"{m2:0} m" : "-")} (target < {LeakEvaluationReport.DistanceTargetMetres} m) {Verdict(report.MedianDistanceMetres < LeakEvaluationReport.DistanceTargetMetres)}, " +
            $"candidate list a median {Hours(report.MedianLocatedHours)} after the leak began");
    }

    private static string Hours(double? h) => h is { } x ? $"{x:0.0} h" : "-";

    private static string Clock(long? seconds) => seconds is { } s ? $"d{s / 86400} {s % 86400 / 3600:D2}:{s % 3600 / 60:D2}" : "-";

    private static void WriteCsv(LeakEvaluationReport report, string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("case,pipe,share,start_s,model_alarm_s,night_alarm_s,alarm_s,onset_s,false_alarm,delay_h,top_pipe,distance_m,confidence");
        foreach (var c in report.Cases)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Index},{c.Pipe},{c.Share:0.####},{c.Start},{c.ModelAlarm},{c.NightAlarm},{c.Alarm},{c.Alert?.Start},{c.FalseAlarm},{c.DelayHours:0.##},{c.TopPipe},{c.DistanceMetres:0.#},{c.Confidence:0.###}"));
    }
}
