using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Tests.Synthetic.Telemetry;

public sealed class TelemetryGenerationTests
{
    [Fact]
    public void Should_Make_The_Same_Series_And_Labels_For_The_Same_Seed_And_Others_For_Another()
    {
        var options = TelemetryOptionsFixture.Small(TelemetryOptionsFixture.Frequent);
        var a = TelemetryOptionsFixture.Generate(options, 11);
        var b = TelemetryOptionsFixture.Generate(options, 11);
        var c = TelemetryOptionsFixture.Generate(options, 12);
        Assert.Equal(a.Sites, b.Sites);
        Assert.Equal(a.Labels, b.Labels);
        for (var i = 0; i < a.Channels.Count; i++) Assert.Equal(a.Channels[i].Values, b.Channels[i].Values);
        Assert.NotEqual(a.Channels[0].Values, c.Channels[0].Values);
        Assert.NotEqual(a.Labels, c.Labels);
    }

    [Fact]
    public void Should_Peak_Traffic_In_The_Morning_Above_The_Night_And_Damp_It_At_Weekends()
    {
        var series = TelemetryOptionsFixture.Generate(TelemetryOptionsFixture.Small(TelemetryOptionsFixture.None));
        var flow = series.Channel(SensorKinds.TrafficDetector, "intensity")!;
        double Mean(Func<DateTimeOffset, bool> when)
        {
            var values = new List<double>();
            for (var i = 0; i < flow.SiteIndexes.Length; i++)
                for (var t = 0; t < series.Steps; t++)
                    if (when(series.TimeAt(t))) values.Add(flow.Values[i * series.Steps + t]);
            return values.Average();
        }
        static bool Weekend(DateTimeOffset t) => t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var morningWeekday = Mean(t => t.Hour == 8 && !Weekend(t));
        var nightWeekday = Mean(t => t.Hour == 3 && !Weekend(t));
        var morningWeekend = Mean(t => t.Hour == 8 && Weekend(t));
        Assert.True(morningWeekday > 3 * nightWeekday, $"08:00 {morningWeekday:F0} veh/h vs 03:00 {nightWeekday:F0}");
        Assert.True(morningWeekend < 0.8 * morningWeekday, $"weekend 08:00 {morningWeekend:F0} vs weekday {morningWeekday:F0}");
        Assert.Equal(8, series.Start.Offset.TotalHours);
        Assert.Equal(DayOfWeek.Monday, series.Start.DayOfWeek);

        // Water: the 07:30 peak above the night; pressure lowest when flow is highest.
        var water = series.Channel(SensorKinds.WaterMain, "flow")!;
        var pressure = series.Channel(SensorKinds.WaterMain, "pressure")!;
        int peak = (7 * 60 + 30) / 10, night = 3 * 60 / 10;
        Assert.True(water.Row(0)[peak] > 1.5 * water.Row(0)[night]);
        Assert.True(pressure.Row(0)[peak] < pressure.Row(0)[night]);
    }

    [Fact]
    public void Should_Change_The_Series_Exactly_Over_Each_Labelled_Window_As_Its_Kind_Says()
    {
        var options = TelemetryOptionsFixture.Small(TelemetryOptionsFixture.Frequent);
        var faulty = TelemetryOptionsFixture.Generate(options);
        var clean = TelemetryOptionsFixture.Generate(options with { Anomalies = TelemetryOptionsFixture.None });
        Assert.Empty(clean.Labels);
        foreach (var kind in AnomalyKinds.All) Assert.Contains(faulty.Labels, l => l.Kind == kind);

        int Step(DateTimeOffset at) => (int)((at - faulty.Start) / faulty.Interval);
        foreach (var site in faulty.Sites)
        {
            foreach (var quantity in SensorKinds.QuantitiesOf(site.Kind))
            {
                var f = faulty.Samples(site.Id, quantity.Name).ToArray();
                var c = clean.Samples(site.Id, quantity.Name).ToArray();
                var labelled = new bool[f.Length];
                foreach (var label in faulty.Labels.Where(l => l.SensorId == site.Id && (l.Quantity is null || l.Quantity == quantity.Name)))
                {
                    int first = Step(label.Start), last = Step(label.End);
                    for (var t = first; t <= last; t++) labelled[t] = true;
                    var window = f[first..(last + 1)];
                    var before = c[first..(last + 1)];
                    var what = $"{label.Kind} on {site.Id} {quantity.Name} {label.Start:O}";
                    switch (label.Kind)
                    {
                        case AnomalyKinds.Dropout:
                            Assert.All(window, v => Assert.True(float.IsNaN(v), what));
                            break;
                        case AnomalyKinds.Stuck:
                            Assert.All(window, v => Assert.Equal(window[0], v));
                            Assert.Equal(window[0], (float)label.Magnitude);
                            break;
                        case AnomalyKinds.Spike:
                        case AnomalyKinds.LevelShift:
                            var shift = window.Zip(before, (x, y) => (double)x - y).Average();
                            Assert.True(Math.Sign(shift) == Math.Sign(label.Magnitude), $"{what}: mean change {shift} for magnitude {label.Magnitude}");
                            Assert.All(window.Zip(before), p => Assert.NotEqual(p.First, p.Second));
                            break;
                        case AnomalyKinds.Drift:
                            var offsets = window.Zip(before, (x, y) => Math.Abs((double)x - y)).ToArray();
                            if (offsets.Length >= 4) Assert.True(offsets[^1] > offsets[0], $"{what}: the offset does not grow ({offsets[0]} → {offsets[^1]})");
                            break;
                        case AnomalyKinds.Leak when quantity == SensorKinds.Flow:
                            Assert.All(window.Zip(before), p => Assert.True(p.First > p.Second, what));
                            Assert.True(window[^1] - before[^1] > window[0] - before[0], $"{what}: the leak does not grow");
                            break;
                        case AnomalyKinds.Leak:
                            Assert.All(window.Zip(before), p => Assert.True(p.First < p.Second, what));
                            break;
                    }
                }
                for (var t = 0; t < f.Length; t++)
                    if (!labelled[t]) Assert.Equal(c[t], f[t]);
            }
        }
    }

    [Fact]
    public void Should_Raise_Night_Flow_Under_A_Leak()
    {
        var options = TelemetryOptionsFixture.Small(TelemetryOptionsFixture.None with
        {
            Leak = new AnomalyOptions { Rate = 3, DurationMinutes = new(2 * 1440, 3 * 1440), Magnitude = new(0.3, 0.3) },
        }) with { Kinds = [SensorKinds.WaterMain] };
        var faulty = TelemetryOptionsFixture.Generate(options);
        var clean = TelemetryOptionsFixture.Generate(options with { Anomalies = TelemetryOptionsFixture.None });
        var leak = Assert.IsType<AnomalyLabel>(faulty.Labels.First(l => l.Kind == AnomalyKinds.Leak));
        Assert.Null(leak.Quantity);
        // The last night inside the leak: 03:00 local.
        var night = Enumerable.Range(0, faulty.Steps).Where(t => faulty.TimeAt(t) >= leak.Start && faulty.TimeAt(t) <= leak.End && faulty.TimeAt(t).Hour == 3).Last();
        var before = clean.Samples(leak.SensorId, "flow")[night];
        var after = faulty.Samples(leak.SensorId, "flow")[night];
        Assert.True(after > 1.2 * before, $"night flow {before} → {after}");
        Assert.True(faulty.Samples(leak.SensorId, "pressure")[night] < clean.Samples(leak.SensorId, "pressure")[night] - 5);
    }

    [Fact]
    public void Should_Name_The_Fields_Of_Bad_Options()
    {
        var bad = new TelemetrySynthesisOptions
        {
            IntervalSeconds = 1,
            StartTime = "next tuesday",
            Kinds = ["traffic-detector", "tram"],
            Noise = new NoiseOptions { Sigma = -1 },
            Anomalies = new AnomalyRates { Spike = new AnomalyOptions { Rate = -2 }, LevelShift = new AnomalyOptions { Rate = 1, DurationMinutes = new(60, 10) } },
        };
        var fields = bad.Validate().Select(e => e.Field).ToArray();
        Assert.Equal(["startTime", "intervalSeconds", "kinds[1]", "noise.sigma", "anomalies.spike.rate", "anomalies.levelShift.durationMinutes"], fields);
        Assert.Empty(new TelemetrySynthesisOptions().Validate());
        var thrown = Assert.Throws<ArgumentException>(() => TelemetryDataset.Generate(bad, [], 1));
        Assert.Contains("anomalies.spike.rate", thrown.Message);
    }

    [Fact]
    public void Should_Place_Generated_Sites_Near_The_Anchor_With_Twin_Style_Ids()
    {
        var options = new TelemetrySynthesisOptions { SitesPerKind = 9 };
        var sites = SensorLayout.Generate(options, 3);
        Assert.Equal(36, sites.Count);
        Assert.Equal(36, sites.Select(s => s.Id).Distinct().Count());
        Assert.Contains(sites, s => s.Id == "urn:ngsi-ld:TrafficFlowObserved:synthetic:td001");
        Assert.Contains(sites, s => s.Id == "urn:ngsi-ld:WaterMain:synthetic:wm009");
        var anchor = new SensorSite("anchor", SensorKinds.EnergyMeter, options.AnchorLatitude, options.AnchorLongitude);
        Assert.All(sites, s => Assert.InRange(s.DistanceTo(anchor), 0, 3 * options.GridSpacingMetres));
    }
}
