namespace CityMesh.Simulation.Synthetic.Telemetry.Scoring;

/// <summary>Detection delays (first matching alert − anomaly start) over the detected anomalies, seconds.</summary>
public sealed record DetectionDelay(double MeanSeconds, double MedianSeconds, double MaxSeconds);

/// <summary>
/// Scores for one anomaly kind. Recall counts the kind's anomalies; precision counts only the alerts that name the
/// kind (null when none do), correct when they match an anomaly of that kind.
/// </summary>
public sealed record AnomalyKindScore(string Kind, int Anomalies, int Detected, double? Recall, int Alerts, double? Precision, DetectionDelay? Delay);

/// <summary>
/// The outcome of <see cref="AnomalyScorer.Score"/>. <see cref="Precision"/> is null without alerts and
/// <see cref="Recall"/> without anomalies (nothing to measure), rather than a misleading 0 or 1.
/// </summary>
public sealed record AnomalyScore(
    int Anomalies, int Detected, int Alerts, int TruePositiveAlerts, int FalsePositives,
    double? Precision, double? Recall, double? F1, DetectionDelay? Delay, double ToleranceSeconds,
    IReadOnlyList<AnomalyKindScore> PerKind);
