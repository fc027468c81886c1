using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Energy.Anomalies;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry.Scoring;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// Meter anomalies put by hand into a few meters that share the city's daily rhythm, then the generator's labelled
/// energy meters scored by <see cref="AnomalyScorer"/> as <c>citymesh eval anomalies --detect energy-meter</c> does,
/// offline and through the live monitor.
/// </summary>
public sealed class MeterAnomalyTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));
    private const int Steps = 4 * 288; // four days at 5 minutes

    /// <summary>Six meters: 1–2 MW × an evening-peaking day × 1 + 3 % white noise.</summary>
    private static double[][] Clean(int seed = 11)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 6).Select(m =>
        {
            var peak = 1000 + 200 * m;
            return Enumerable.Range(0, Steps).Select(t =>
                peak * (0.6 + 0.4 * Math.Exp(-Math.Pow((t % 288 / 12.0 - 20) / 3, 2))) * (1 + 0.03 * (random.NextDouble() * 2 - 1) * Math.Sqrt(3))).ToArray();
        })];
    }

    private static StationSeries Meters(double[][] values) =>
        new(MeterAnomalies.Quantity, T0, TimeSpan.FromMinutes(5), [.. Enumerable.Range(0, values.Length).Select(i => $"em{i}")], values);

    [Fact]
    public void Clean_meters_raise_nothing() => Assert.Empty(MeterAnomalies.Scan(Meters(Clean())));

    [Fact]
    public void A_frozen_meter_is_stuck_from_its_first_to_its_last_repeat()
    {
        var values = Clean();
        Array.Fill(values[3], values[3][500], 500, 36); // three hours
        var fault = Assert.Single(MeterAnomalies.Scan(Meters(values)));
        Assert.Equal(("em3", AnomalyKinds.Stuck), (fault.Station, fault.Kind));
        Assert.Equal((T0.AddMinutes(5 * 500), T0.AddMinutes(5 * 535)), (fault.Start, fault.End));
    }

    [Fact]
    public void A_burst_is_a_spike_at_its_sample()
    {
        var values = Clean();
        values[1][700] *= 2.2;
        values[1][701] *= 2.0;
        var fault = Assert.Single(MeterAnomalies.Scan(Meters(values)));
        Assert.Equal(("em1", AnomalyKinds.Spike, T0.AddMinutes(3500)), (fault.Station, fault.Kind, fault.Start));
        Assert.Equal(new AnomalyAlert("em1", T0.AddMinutes(3500), AnomalyKinds.Spike), MeterAnomalies.Alert(fault));
    }

    [Fact]
    public void A_gap_of_three_readings_is_a_dropout_and_of_two_is_not()
    {
        var values = Clean();
        Array.Fill(values[4], double.NaN, 300, 8);
        Array.Fill(values[2], double.NaN, 900, 2);
        var fault = Assert.Single(MeterAnomalies.Scan(Meters(values)));
        Assert.Equal(("em4", AnomalyKinds.Dropout), (fault.Station, fault.Kind));
        Assert.Equal((T0.AddMinutes(1500), T0.AddMinutes(1535)), (fault.Start, fault.End));
    }

    [Fact]
    public void A_drift_is_alerted_once_its_ramp_is_visible_not_at_its_extrapolated_start()
    {
        var values = Clean();
        for (var k = 0; k < 144; k++) values[5][400 + k] += 0.5 * 1000 * (k + 1) / 144.0; // 12 h to +500 kW on a 2 MW meter
        var fault = Assert.Single(MeterAnomalies.Scan(Meters(values)));
        Assert.Equal(AnomalyKinds.Drift, fault.Kind);
        var alert = MeterAnomalies.Alert(fault);
        Assert.InRange(alert.Time, fault.Start, fault.End);
        Assert.True(alert.Time >= T0.AddMinutes(5 * 400), $"alert at {alert.Time:t}, the drift starts at {T0.AddMinutes(2000):t}");
    }

    [Fact]
    public void The_monitor_fed_reading_by_reading_alerts_each_fault_once()
    {
        var values = Clean();
        Array.Fill(values[3], values[3][500], 500, 36);
        values[1][700] *= 2.2;
        Array.Fill(values[4], double.NaN, 900, 8);
        var monitor = new MeterAnomalyMonitor(TimeSpan.FromMinutes(5), TimeSpan.FromDays(3));
        var alerts = new List<AnomalyAlert>();
        for (var t = 0; t < Steps; t++)
        {
            for (var m = 0; m < values.Length; m++) monitor.Add($"em{m}", T0.AddMinutes(5 * t), values[m][t]);
            if (t % 12 == 11) alerts.AddRange(monitor.Scan());
        }
        Assert.Equal(
            [("em3", AnomalyKinds.Stuck), ("em1", AnomalyKinds.Spike), ("em4", AnomalyKinds.Dropout)],
            alerts.Select(a => (a.SensorId, a.Kind!)).ToArray());
        Assert.Equal(T0.AddMinutes(5 * 900), alerts[2].Time);
    }

    [Fact]
    public void Bad_options_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => MeterAnomalies.Scan(Meters(Clean()), new MeterAnomalyOptions { DropoutMinDuration = TimeSpan.Zero }));
        Assert.Contains("DropoutMinDuration", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeterAnomalyMonitor(TimeSpan.FromMinutes(5), TimeSpan.FromHours(6)));
    }

    /// <summary>The data set of the Energy README: every energy meter, default anomaly rates, four weeks, seed 42.</summary>
    private static TelemetrySeries SeededSet()
    {
        var options = new TelemetrySynthesisOptions { Kinds = [SensorKinds.EnergyMeter], SitesPerKind = 16, DurationHours = 28 * 24 };
        return TelemetryDataset.Generate(options, SensorLayout.Generate(options, 42), 42);
    }

    private AnomalyScore ScoreAndReport(TelemetrySeries series, IReadOnlyList<AnomalyAlert> alerts)
    {
        var score = AnomalyScorer.Score(series.Labels, alerts, TimeSpan.FromMinutes(30));
        foreach (var k in score.PerKind)
            output.WriteLine($"{k.Kind}: {k.Detected}/{k.Anomalies} recall {k.Recall:0.000}, {k.Alerts} alerts precision {k.Precision:0.000}");
        output.WriteLine($"all: {score.Detected}/{score.Anomalies}, precision {score.Precision:0.000}, recall {score.Recall:0.000}, F1 {score.F1:0.000}");
        return score;
    }

    [Fact]
    public void The_detector_finds_the_seeded_meter_anomalies_with_F1_above_0_8()
    {
        var series = SeededSet();
        var alerts = MeterAnomalies.Scan(MeterAnomalies.Meters(series)).Select(f => MeterAnomalies.Alert(f)).ToArray();
        var score = ScoreAndReport(series, alerts);
        Assert.True(score.F1 >= 0.8, $"F1 {score.F1:0.000}");
        foreach (var kind in new[] { AnomalyKinds.Spike, AnomalyKinds.LevelShift, AnomalyKinds.Drift, AnomalyKinds.Stuck, AnomalyKinds.Dropout })
        {
            var k = Assert.Single(score.PerKind, s => s.Kind == kind);
            Assert.True(k.Anomalies >= 10, $"{kind}: only {k.Anomalies} labelled");
            Assert.True(k.Recall >= 0.8, $"{kind}: recall {k.Recall:0.000}");
            Assert.True(k.Precision >= 0.8, $"{kind}: precision {k.Precision:0.000}");
        }
    }

    [Fact]
    public void The_live_monitor_scores_as_well_on_the_seeded_set()
    {
        var series = SeededSet();
        var meters = MeterAnomalies.Meters(series);
        var monitor = new MeterAnomalyMonitor(meters.Interval, TimeSpan.FromDays(3));
        var alerts = new List<AnomalyAlert>();
        for (var t = 0; t < meters.Steps; t++)
        {
            for (var m = 0; m < meters.Stations.Count; m++) monitor.Add(meters.Stations[m], meters.TimeAt(t), meters.Values[m][t]);
            if (t % 12 == 11) alerts.AddRange(monitor.Scan());
        }
        var score = ScoreAndReport(series, alerts);
        Assert.True(score.F1 >= 0.8, $"F1 {score.F1:0.000}");
    }
}
