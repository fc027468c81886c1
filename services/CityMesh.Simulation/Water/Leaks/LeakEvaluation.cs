namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// One case scored: the leak (if any); each detector's alarm time (model, night flow) and the alert they made together;
/// its delay; whether it was false (sounded before the leak, or with none); and how far the alert's first pipe is from
/// the leak's (m along the network).
/// </summary>
public sealed record LeakCaseResult(
    int Index, string? Pipe, double Share, long? Start, long? ModelAlarm, long? NightAlarm, LeakAlert? Alert,
    double? DelayHours, bool FalseAlarm, double? DistanceMetres)
{
    public long? Alarm => Alert?.AlarmTime;
    public string? TopPipe => Alert is { Candidates.Count: > 0 } a ? a.Candidates[0].Pipe : null;
    public double? Confidence => Alert?.Confidence;
    public IReadOnlyList<LeakCandidate> Candidates => Alert?.Candidates ?? [];
}

/// <summary>One detector's alarms scored: right and false alarms, precision, recall and median delay over the counted leaks.</summary>
public sealed record DetectorScore(string Detector, int TruePositives, int FalsePositives, double Precision, double Recall, double? MedianDelayHours);

/// <summary>
/// A labelled data set scored: precision over every alert (one before a leak began, or in a leak-free case, is false),
/// recall, delay and localisation over the leaks at or above <see cref="LeakEvaluation.MinShare"/> of the area's mean
/// inflow, with the targets: recall at least 0.8, median delay under 12 h, median localisation error under
/// 300 m. The combined alert's figures are the headline; <see cref="Detectors"/> scores each detector alone too.
/// </summary>
public sealed record LeakEvaluationReport(
    IReadOnlyList<LeakCaseResult> Cases, int TruePositives, int FalsePositives, int Counted, double Precision, double Recall,
    double? MedianDelayHours, double? MedianDistanceMetres, double? MedianLocatedHours, IReadOnlyList<DetectorScore> Detectors)
{
    public const double RecallTarget = 0.8, DelayTargetHours = 12, DistanceTargetMetres = 300;
    /// <summary>The issue asks precision to stay high; 0.9 is ours.</summary>
    public const double PrecisionTarget = 0.9;

    public bool Passes => Precision >= PrecisionTarget && Recall >= RecallTarget && MedianDelayHours < DelayTargetHours && MedianDistanceMetres < DistanceTargetMetres;
}

/// <summary>Runs the monitor (both detectors and the locator) over a data set's cases and scores them (<see cref="LeakEvaluationReport"/>).</summary>
public static class LeakEvaluation
{
    /// <summary>The smallest leak counted for recall, delay and localisation: 5 % of the area's mean inflow.</summary>
    public const double MinShare = 0.05;

    public static LeakEvaluationReport Run(LeakDataset data, LeakMonitorOptions? options = null, CancellationToken ct = default) =>
        Score(data.Network, data.Sensors, data.Partition, data.Cases, data.Options.TrainingStart, data.Options.TrainingEnd, options, ct);

    /// <summary>Scores labelled cases however they were drawn (a data set's, or the live meters' as safety's watch gathers them).</summary>
    public static LeakEvaluationReport Score(WaterNetwork network, IReadOnlyList<int> sensors, DistrictPartition partition, IReadOnlyList<LeakCase> cases,
        long trainingStart, long trainingEnd, LeakMonitorOptions? options = null, CancellationToken ct = default)
    {
        var distances = new PipeDistances(network);
        var results = new LeakCaseResult[cases.Count];
        Parallel.For(0, cases.Count, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var c = cases[k];
            // Each case has its own monitor: a solver holds its state.
            var found = new LeakMonitor(network, sensors, partition, options).Watch(c, trainingStart, trainingEnd);
            var alert = found.Alert;
            bool falseAlarm = alert is not null && (c.Start is null || alert.AlarmTime < c.Start);
            string? top = alert is { Candidates.Count: > 0 } ? alert.Candidates[0].Pipe : null;
            results[k] = new LeakCaseResult(c.Index, c.Pipe, c.Share, c.Start, found.Model?.Time, found.Night?.Time, alert,
                alert is not null && !falseAlarm && c.Start is { } s ? (alert.AlarmTime - s) / 3600.0 : null, falseAlarm,
                !falseAlarm && top is not null && c.Pipe is not null ? distances.Between(c.Pipe, top) : null);
        });
        var counted = results.Where(r => r.Pipe is not null && r.Share >= MinShare).ToList();
        var detectors = new[]
        {
            Score("combined", results, r => r.Alarm),
            Score("model", results, r => r.ModelAlarm),
            Score("night flow", results, r => r.NightAlarm),
        };
        var combined = detectors[0];
        var found = counted.Where(r => r.DelayHours is not null).ToList();
        return new LeakEvaluationReport(results, combined.TruePositives, combined.FalsePositives, counted.Count, combined.Precision, combined.Recall,
            combined.MedianDelayHours, Median(found.Where(r => r.DistanceMetres is not null).Select(r => r.DistanceMetres!.Value)),
            Median(found.Select(r => (r.Alert!.LocatedAt - r.Start!.Value) / 3600.0)), detectors);
    }

    private static DetectorScore Score(string name, IReadOnlyList<LeakCaseResult> results, Func<LeakCaseResult, long?> alarm)
    {
        int tp = 0, fp = 0;
        var delays = new List<double>();
        int counted = 0;
        foreach (var r in results)
        {
            bool counts = r.Pipe is not null && r.Share >= MinShare;
            if (counts) counted++;
            if (alarm(r) is not { } t) continue;
            if (r.Start is null || t < r.Start) { fp++; continue; }
            tp++;
            if (counts) delays.Add((t - r.Start.Value) / 3600.0);
        }
        return new DetectorScore(name, tp, fp, tp + fp == 0 ? 1 : (double)tp / (tp + fp), counted == 0 ? 0 : (double)delays.Count / counted, Median(delays));
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
