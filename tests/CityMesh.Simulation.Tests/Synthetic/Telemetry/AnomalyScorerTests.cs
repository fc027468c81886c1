using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

public sealed class AnomalyScorerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));

    private static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    private static readonly AnomalyLabel[] Labels =
    [
        new("a", "flow", AnomalyKinds.Spike, At(0), At(10), 1),
        new("a", "flow", AnomalyKinds.LevelShift, At(100), At(200), 0.3),
        new("b", null, AnomalyKinds.Dropout, At(50), At(80), 0),
        new("c", null, AnomalyKinds.Leak, At(0), At(1000), 0.2),
    ];

    [Fact]
    public void Should_Count_Duplicates_Once_Misses_As_Misses_And_Stray_Alerts_As_False_Positives()
    {
        AnomalyAlert[] alerts =
        [
            new("a", At(5)),            // spike, 5 min late
            new("a", At(8)),            // duplicate for the spike: neither recall nor a false positive
            new("a", At(215)),          // level shift, inside the 30 min tolerance after its end (delay 115 min)
            new("b", At(49)),           // a minute before the dropout: false positive
            new("a", At(260)),          // after the tolerance: false positive
            new("z", At(5)),            // a sensor with no anomaly: false positive
        ];                              // the leak on c is missed
        var score = AnomalyScorer.Score(Labels, alerts, TimeSpan.FromMinutes(30));

        Assert.Equal((4, 2, 6, 3, 3), (score.Anomalies, score.Detected, score.Alerts, score.TruePositiveAlerts, score.FalsePositives));
        Assert.Equal(0.5, score.Precision);
        Assert.Equal(0.5, score.Recall);
        Assert.Equal(0.5, score.F1);
        Assert.Equal(new DetectionDelay(60 * (5 + 115) / 2.0, 60 * (5 + 115) / 2.0, 60 * 115), score.Delay);

        var byKind = score.PerKind.ToDictionary(k => k.Kind);
        Assert.Equal([AnomalyKinds.Spike, AnomalyKinds.LevelShift, AnomalyKinds.Dropout, AnomalyKinds.Leak], score.PerKind.Select(k => k.Kind));
        Assert.Equal(1.0, byKind[AnomalyKinds.Spike].Recall);
        Assert.Equal(300, byKind[AnomalyKinds.Spike].Delay!.MaxSeconds);
        Assert.Equal(0.0, byKind[AnomalyKinds.Leak].Recall);
        Assert.Null(byKind[AnomalyKinds.Leak].Delay);
        Assert.Null(byKind[AnomalyKinds.Spike].Precision); // no alert named a kind
    }

    [Fact]
    public void Should_Take_The_Earliest_Alert_For_The_Delay_Whatever_Their_Order()
    {
        var score = AnomalyScorer.Score(Labels, [new("c", At(600)), new("c", At(90)), new("c", At(300))], TimeSpan.Zero);
        Assert.Equal(90 * 60, score.Delay!.MaxSeconds);
        Assert.Equal((1, 3, 0), (score.Detected, score.TruePositiveAlerts, score.FalsePositives));
        Assert.Equal(0.25, score.Recall);
        Assert.Equal(1.0, score.Precision);
    }

    [Fact]
    public void Should_Score_Kind_Claims_Against_The_Kind_They_Match()
    {
        var score = AnomalyScorer.Score(Labels, [new("a", At(1), AnomalyKinds.Spike), new("c", At(5), AnomalyKinds.Spike), new("c", At(6), AnomalyKinds.Leak)], TimeSpan.Zero);
        var spike = score.PerKind.Single(k => k.Kind == AnomalyKinds.Spike);
        Assert.Equal((2, 0.5), (spike.Alerts, spike.Precision)); // the second "spike" is the leak on c
        Assert.Equal(1.0, score.PerKind.Single(k => k.Kind == AnomalyKinds.Leak).Precision);
        Assert.Equal(1.0, score.Precision);
    }

    [Fact]
    public void Should_Leave_Precision_And_Recall_Undefined_When_There_Is_Nothing_To_Measure()
    {
        var none = AnomalyScorer.Score([], [], TimeSpan.Zero);
        Assert.Null(none.Precision);
        Assert.Null(none.Recall);
        Assert.Null(none.Delay);
        var silent = AnomalyScorer.Score(Labels, [], TimeSpan.Zero);
        Assert.Equal(0.0, silent.Recall);
        Assert.Null(silent.Precision);
    }

    [Fact]
    public void Should_Score_A_Perfect_Detector_On_Generated_Labels_As_Perfect()
    {
        var series = TelemetryOptionsFixture.Generate(TelemetryOptionsFixture.Small(TelemetryOptionsFixture.Frequent));
        var alerts = series.Labels.SelectMany(l => new[] { new AnomalyAlert(l.SensorId, l.Start), new AnomalyAlert(l.SensorId, l.End) }).ToArray();
        var score = AnomalyScorer.Score(series.Labels, alerts, TimeSpan.Zero);
        Assert.Equal((1.0, 1.0), (score.Precision, score.Recall));
        Assert.Equal(0, score.Delay!.MaxSeconds);
    }
}
