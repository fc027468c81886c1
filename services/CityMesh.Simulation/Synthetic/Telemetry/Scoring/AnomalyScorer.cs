namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>
/// Event-based scoring of alerts against labels.
/// <list type="bullet">
/// <item>An alert matches an anomaly of the same sensor when its time lies in [start, end + tolerance] (the tolerance
/// lets a detector confirm a little after the fault ends, as windowed detectors do).</item>
/// <item>An alert that matches at least one anomaly is a true positive; one that matches none is a false positive.</item>
/// <item>An anomaly is detected when at least one alert matches it: several alerts for one anomaly count once for
/// recall, and the extra ones are not false positives (a detector that repeats itself is not wrong).</item>
/// <item>Precision = true-positive alerts / alerts; recall = detected anomalies / anomalies.</item>
/// <item>Detection delay of a detected anomaly = its first matching alert − its start.</item>
/// </list>
/// </summary>
public static class AnomalyScorer
{
    public static AnomalyScore Score(IReadOnlyList<AnomalyLabel> labels, IReadOnlyList<AnomalyAlert> alerts, TimeSpan tolerance)
    {
        if (tolerance < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must not be negative");
        var bySensor = labels.Select((l, i) => (Label: l, Index: i))
            .GroupBy(x => x.Label.SensorId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var firstAlert = new DateTimeOffset?[labels.Count];
        int truePositives = 0;
        var kindAlerts = new Dictionary<string, (int Alerts, int Correct)>(StringComparer.Ordinal);

        foreach (var alert in alerts)
        {
            var matched = false;
            var matchedClaimedKind = false;
            if (bySensor.TryGetValue(alert.SensorId, out var candidates))
            {
                foreach (var (label, index) in candidates)
                {
                    if (alert.Time < label.Start || alert.Time > label.End + tolerance) continue;
                    matched = true;
                    if (alert.Kind == label.Kind) matchedClaimedKind = true;
                    if (firstAlert[index] is not { } first || alert.Time < first) firstAlert[index] = alert.Time;
                }
            }
            if (matched) truePositives++;
            if (alert.Kind is { } kind)
            {
                var (n, correct) = kindAlerts.GetValueOrDefault(kind);
                kindAlerts[kind] = (n + 1, correct + (matchedClaimedKind ? 1 : 0));
            }
        }

        var detected = firstAlert.Count(t => t is not null);
        double? precision = alerts.Count == 0 ? null : truePositives / (double)alerts.Count;
        double? recall = labels.Count == 0 ? null : detected / (double)labels.Count;
        double? f1 = precision is { } p && recall is { } r && p + r > 0 ? 2 * p * r / (p + r) : null;

        var kinds = labels.Select(l => l.Kind).Concat(kindAlerts.Keys).Distinct(StringComparer.Ordinal)
            .OrderBy(Rank).ThenBy(k => k, StringComparer.Ordinal);
        var perKind = kinds.Select(kind =>
        {
            var indexes = Enumerable.Range(0, labels.Count).Where(i => labels[i].Kind == kind).ToArray();
            var found = indexes.Count(i => firstAlert[i] is not null);
            var (n, correct) = kindAlerts.GetValueOrDefault(kind);
            return new AnomalyKindScore(kind, indexes.Length, found, indexes.Length == 0 ? null : found / (double)indexes.Length,
                n, n == 0 ? null : correct / (double)n, Delays(indexes.Select(i => (labels[i], firstAlert[i]))));
        }).ToArray();

        return new AnomalyScore(labels.Count, detected, alerts.Count, truePositives, alerts.Count - truePositives,
            precision, recall, f1, Delays(labels.Select((l, i) => (l, firstAlert[i]))), tolerance.TotalSeconds, perKind);
    }

    /// <summary>Known kinds in their documented order, others after them.</summary>
    private static int Rank(string kind)
    {
        for (var i = 0; i < AnomalyKinds.All.Count; i++)
            if (AnomalyKinds.All[i] == kind) return i;
        return int.MaxValue;
    }

    private static DetectionDelay? Delays(IEnumerable<(AnomalyLabel Label, DateTimeOffset? First)> anomalies)
    {
        var delays = anomalies.Where(a => a.First is not null).Select(a => (a.First!.Value - a.Label.Start).TotalSeconds).Order().ToArray();
        if (delays.Length == 0) return null;
        var middle = delays.Length / 2;
        var median = delays.Length % 2 == 1 ? delays[middle] : (delays[middle - 1] + delays[middle]) / 2;
        return new DetectionDelay(delays.Average(), median, delays[^1]);
    }
}
