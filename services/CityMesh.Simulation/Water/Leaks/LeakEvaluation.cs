namespace CityMesh.Simulation.Water.Leaks;

/// <summary>One case scored: the leak (if any), the alarm (if any), its delay, and how far the top-ranked pipe is from the leak's.</summary>
public sealed record LeakCaseResult(
    int Index, string? Pipe, double Share, long? Start, long? Alarm, double? DelayHours, bool FalseAlarm, string? TopPipe,
    double? DistanceMetres, double? Confidence, IReadOnlyList<LeakCandidate> Candidates);

/// <summary>
/// A labelled data set scored: precision over every alarm (one before a leak began, or in a leak-free case, is false),
/// recall, delay and localisation over the leaks at or above <see cref="LeakEvaluation.MinShare"/> of the area's mean
/// inflow, with the targets: recall at least 0.8, median delay under 12 h, median localisation error under 300 m.
/// </summary>
public sealed record LeakEvaluationReport(
    IReadOnlyList<LeakCaseResult> Cases, int TruePositives, int FalsePositives, int Counted, double Precision, double Recall,
    double? MedianDelayHours, double? MedianDistanceMetres)
{
    public const double RecallTarget = 0.8, DelayTargetHours = 12, DistanceTargetMetres = 300;

    public bool Passes => Recall >= RecallTarget && MedianDelayHours < DelayTargetHours && MedianDistanceMetres < DistanceTargetMetres;
}

/// <summary>Runs the detector and the locator over a data set's cases and scores them (<see cref="LeakEvaluationReport"/>).</summary>
public static class LeakEvaluation
{
    /// <summary>The smallest leak counted for recall, delay and localisation: 5 % of the area's mean inflow.</summary>
    public const double MinShare = 0.05;

    public static LeakEvaluationReport Run(LeakDataset data, LeakDetectorOptions? options = null, CancellationToken ct = default)
    {
        var distances = new PipeDistances(data.Network);
        var results = new LeakCaseResult[data.Cases.Count];
        Parallel.For(0, data.Cases.Count, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var c = data.Cases[k];
            // Each case has its own model: a solver holds its state.
            var alarm = new LeakDetector(data.Network, data.Sensors, options).Detect(c, data.Options.TrainingStart, data.Options.TrainingEnd);
            bool falseAlarm = alarm is not null && (c.Start is null || alarm.Time < c.Start);
            IReadOnlyList<LeakCandidate> ranked = alarm is not null && !falseAlarm ? new LeakLocator(data.Network, data.Sensors).Rank(c, alarm) : [];
            string? top = ranked.Count > 0 ? ranked[0].Pipe : null;
            results[k] = new LeakCaseResult(c.Index, c.Pipe, c.Share, c.Start, alarm?.Time,
                alarm is not null && !falseAlarm && c.Start is { } s ? (alarm.Time - s) / 3600.0 : null, falseAlarm, top,
                top is not null && c.Pipe is not null ? distances.Between(c.Pipe, top) : null, alarm?.Confidence, ranked);
        });
        int tp = results.Count(r => r.DelayHours is not null);
        int fp = results.Count(r => r.FalseAlarm);
        var counted = results.Where(r => r.Pipe is not null && r.Share >= MinShare).ToList();
        var found = counted.Where(r => r.DelayHours is not null).ToList();
        return new LeakEvaluationReport(results, tp, fp, counted.Count,
            tp + fp == 0 ? 1 : (double)tp / (tp + fp),
            counted.Count == 0 ? 0 : (double)found.Count / counted.Count,
            Median(found.Select(r => r.DelayHours!.Value)),
            Median(found.Where(r => r.DistanceMetres is not null).Select(r => r.DistanceMetres!.Value)));
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
