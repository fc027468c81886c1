using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Leaks;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>
/// Leaks simulated by the hydraulic solver on EPANET's Net3, and the detection and localisation pipeline on them. The
/// data are labelled by what the network did (the leak's flow as its pressure let it out); with exact meters and
/// demands the pipeline finds every leak within the hour, raises nothing in leak-free cases, and puts the leak
/// within a pipe or two. With the default noise (a city-wide and a per-junction factor a day, a per-junction one an
/// hour, 2 cm loggers, a 0.5 % meter), on seed 2 (the thresholds and the locator's hours were set on seed 1): what it
/// measured there, less a margin; the issue's recall target is not met on every seed (see the Water README).
/// </summary>
public sealed class LeakTests
{
    private static readonly Simulation.Water.WaterNetwork Net3 = InpReader.Read(WaterFiles.Shared("Net3.inp"));

    private static LeakDataOptions Exact(int leaks, int controls) => new()
    {
        LeakCases = leaks, ControlCases = controls, Days = 5, Seed = 7,
        PressureNoise = 0, FlowNoise = 0, CityDayNoise = 0, JunctionDayNoise = 0, JunctionHourNoise = 0,
    };

    [Fact]
    public void The_inflow_meter_sees_exactly_the_leaks_flow_from_its_first_reading()
    {
        var data = LeakDataset.Generate(Net3, Exact(3, 1));
        var control = data.Cases[^1];
        Assert.Null(control.Pipe);
        Assert.Null(control.Start);
        Assert.Equal(0, control.LeakFlow);
        foreach (var leak in data.Cases.Take(3))
        {
            Assert.NotNull(leak.Pipe);
            Assert.InRange(leak.Start!.Value, data.Options.TrainingEnd, data.Options.Days * 86400L);
            Assert.InRange(leak.Share, data.Options.MinLeakShare / 2, data.Options.MaxLeakShare * 2);
            Assert.Equal(control.Times, leak.Times);
            for (int i = 0; i < leak.Times.Length; i++)
            {
                // Demands are the same in both (no noise, demand-driven): what more flows in is the leak.
                double extra = leak.Inflow[i] - control.Inflow[i];
                if (leak.Times[i] < leak.Start) Assert.Equal(0, extra, 1e-9);
                else Assert.True(extra > 0.2 * leak.LeakFlow && extra < 5 * leak.LeakFlow, $"{leak.Pipe} at {leak.Times[i]}: {extra} m³/s more against a {leak.LeakFlow} m³/s leak");
            }
        }
    }

    [Fact]
    public void A_leak_opened_in_a_run_is_gone_from_the_next()
    {
        var simulation = new Simulation.Water.Hydraulics.HydraulicSimulation(InpReader.Read(WaterFiles.Shared("Net1.inp")));
        simulation.Begin(0);
        simulation.SetEmitter("11", 1e-3);
        Assert.True(simulation.Advance(3600).Leak.Sum() > 0);
        Assert.Equal(0, simulation.Run().Steps.Sum(s => s.Leak.Sum()));
        Assert.Throws<ArgumentException>(() => simulation.SetEmitter("no-such", 1e-3));
    }

    [Fact]
    public void The_same_seed_draws_the_same_data()
    {
        var options = new LeakDataOptions { LeakCases = 2, ControlCases = 1, Days = 4, Seed = 3 };
        var a = LeakDataset.Generate(Net3, options);
        var b = LeakDataset.Generate(Net3, options);
        for (int c = 0; c < a.Cases.Count; c++)
        {
            Assert.Equal(a.Cases[c].Pipe, b.Cases[c].Pipe);
            Assert.Equal(a.Cases[c].Inflow, b.Cases[c].Inflow);
            Assert.Equal(a.Cases[c].Pressure.SelectMany(p => p), b.Cases[c].Pressure.SelectMany(p => p));
        }
        Assert.NotEqual(a.Cases[0].Inflow, LeakDataset.Generate(Net3, options with { Seed = 4 }).Cases[0].Inflow);
    }

    [Fact]
    public void With_noisy_meters_and_consumption_most_leaks_are_found_within_hours_and_nothing_is_raised_in_vain()
    {
        var report = LeakEvaluation.Run(LeakDataset.Generate(Net3, new LeakDataOptions { Seed = 2 }));
        // Measured: precision 1.00, recall 0.93 of 27 leaks at or above 5 % (the model alone 0.89, the night flow alone 0.63),
        // median delay 1.8 h, median error 0 m (the very pipe first for most leaks).
        Assert.True(report.Precision >= 0.95, $"precision {report.Precision}");
        Assert.True(report.Recall >= 0.85, $"recall {report.Recall}");
        Assert.True(report.MedianDelayHours < 4, $"median delay {report.MedianDelayHours} h");
        Assert.True(report.MedianDistanceMetres < LeakEvaluationReport.DistanceTargetMetres, $"median localisation error {report.MedianDistanceMetres} m");
        Assert.True(report.Detectors.Single(d => d.Detector == "night flow").TruePositives > 0, "the night flow detector found nothing");
        // The candidate list comes within the 12 h budget for most leaks: the alarm plus the locator's 6 h.
        Assert.True(report.MedianLocatedHours < LeakEvaluationReport.DelayTargetHours, $"list a median {report.MedianLocatedHours} h after the leak began");
    }

    [Fact]
    public void With_exact_meters_every_leak_is_found_within_the_hour_and_placed_within_a_pipe_or_two()
    {
        var report = LeakEvaluation.Run(LeakDataset.Generate(Net3, Exact(12, 4)));
        Assert.Equal(0, report.FalsePositives);
        Assert.Equal(12, report.TruePositives);
        Assert.Equal(1.0, report.Recall);
        // Within the hour: the residual is averaged over two hours, and the alarm waits for its threshold's worth of evidence.
        Assert.True(report.MedianDelayHours <= 1, $"median delay {report.MedianDelayHours} h");
        Assert.True(report.MedianDistanceMetres < LeakEvaluationReport.DistanceTargetMetres, $"median {report.MedianDistanceMetres} m");
        // The short list a crew gets holds the very pipe for most leaks; where it heads the list, its flow is near the leak's.
        var found = report.Cases.Where(c => c.Pipe is not null).ToList();
        Assert.True(found.Count(c => c.Candidates.Any(x => x.Pipe == c.Pipe)) >= 2 * found.Count / 3, string.Join(", ", found.Select(c => $"{c.Pipe}→{string.Join("/", c.Candidates.Select(x => x.Pipe))}")));
        var data = LeakDataset.Generate(Net3, Exact(12, 4));
        foreach (var c in found.Where(c => c.TopPipe == c.Pipe))
            Assert.InRange(c.Candidates[0].LeakFlow, 0.5 * data.Cases[c.Index].LeakFlow, 1.5 * data.Cases[c.Index].LeakFlow);
        // Every alert: the onset before the alarm, the list drawn after it within the locator's hours, the first
        // candidate 0 m from itself, the area the first candidate's, and a confidence between 0 and 1.
        foreach (var a in report.Cases.Select(c => c.Alert).OfType<LeakAlert>())
        {
            Assert.InRange(a.Start, 0, a.AlarmTime);
            Assert.InRange(a.LocatedAt, a.AlarmTime, a.AlarmTime + 6 * 3600);
            Assert.Equal(0, a.Candidates[0].FromFirst);
            Assert.True(a.Candidates.Skip(1).All(x => x.FromFirst > 0));
            Assert.Equal(data.Partition.AreaOfPipe(Net3, a.Candidates[0].Pipe), a.Area);
            Assert.InRange(a.Confidence, 0.5, 1);
        }
    }

    /// <summary>Three areas at 0.1, 0.2 and 0.3 m³/s, half that from 18:00 to 20:00, every 15 minutes for five days; area 1 leaks <paramref name="leak"/> from day 3 12:00.</summary>
    private static (long[] Times, double[][] Flows) Areas(double leak)
    {
        var times = Enumerable.Range(0, 5 * 96).Select(i => i * 900L).ToArray();
        var flows = times.Select(t =>
        {
            double f = t % 86400 is >= 18 * 3600 and < 20 * 3600 ? 0.5 : 1;
            return new[] { 0.1 * f, 0.2 * f + (t >= 3 * 86400 + 12 * 3600 ? leak : 0), 0.3 * f };
        }).ToArray();
        return (times, flows);
    }

    [Fact]
    public void The_night_flow_detector_learns_the_lowest_hours_and_names_the_area_whose_night_flow_rose_and_when()
    {
        var detector = new NightFlowDetector();
        var (times, flows) = Areas(0.02);
        Assert.Equal(18, detector.WindowStart(times, flows, 86400, 3 * 86400));
        var alarm = detector.Detect(times, flows, 86400, 3 * 86400);
        Assert.NotNull(alarm);
        Assert.Equal(1, alarm.Area);
        Assert.Equal(3 * 86400 + 20 * 3600, alarm.Time);
        Assert.Equal(0.02, alarm.ExcessFlow, 1e-9);
        Assert.InRange(alarm.Start, 3 * 86400 + 11 * 3600, 3 * 86400 + 13 * 3600);
        var (quietTimes, quiet) = Areas(0);
        Assert.Null(detector.Detect(quietTimes, quiet, 86400, 3 * 86400));
        // A city-wide rise moves every area together: not a leak.
        var wet = quiet.Select((f, i) => times[i] >= 3 * 86400 ? f.Select(x => x * 1.2).ToArray() : f).ToArray();
        Assert.Null(detector.Detect(quietTimes, wet, 86400, 3 * 86400));
    }

    [Fact]
    public void Area_demands_add_up_to_each_areas_meter_and_split_it_as_the_solver_sets_the_patterns()
    {
        var partition = DistrictAreas.Partition(Net3, 4);
        var demands = new AreaDemands(Net3, partition);
        double[] meters = [0.1, 0.2, 0.05, 0.3];
        const long time = 7 * 3600 + 900;
        demands.Fill(time, meters);
        double AreaSum(int a) => Enumerable.Range(0, demands.Junctions).Where(j => partition.AreaOfJunction[j] == a).Sum(j => demands.Buffer[j].Flow);
        // Within an area, each junction's share is the solver's own nominal demand's share at that moment; an area of
        // mains alone (Net3 has one, by its river pumps: no customers) gives its meter's reading to nobody.
        var nominal = new Simulation.Water.Hydraulics.HydraulicSimulation(Net3).Snapshot(time).Outflow;
        var customers = new List<int>();
        for (int a = 0; a < 4; a++)
        {
            var members = Enumerable.Range(0, demands.Junctions).Where(j => partition.AreaOfJunction[j] == a).ToArray();
            double total = members.Sum(j => nominal[j]);
            if (total == 0) { Assert.Equal(0, AreaSum(a)); continue; }
            customers.Add(a);
            Assert.Equal(meters[a], AreaSum(a), 1e-9);
            foreach (var j in members) Assert.Equal(nominal[j] / total * meters[a], demands.Buffer[j].Flow, 1e-9);
        }
        Assert.True(customers.Count >= 3, $"{customers.Count} areas with customers");
        int area = customers[^1], other = customers[0];
        demands.Lessen(area, 0.01, meters);
        Assert.Equal(meters[area] - 0.01, AreaSum(area), 1e-9);
        Assert.Equal(meters[other], AreaSum(other), 1e-9);
    }
}
