using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// Draws a labelled leak data set on a real network with the hydraulic solver itself, not as independent series: the
/// city's consumption wanders from its pattern (a city-wide factor a day, each junction's own a day and an hour), a leak
/// is an emitter at a pipe's middle (its flow set from the pressure there), and the meters read what the network then
/// does: the area's inflow (all that leaves the pipes, leak included), the pressure loggers, the tanks and the
/// statuses; the inflow and the loggers with their noise. Seeded: the same options give the same data.
/// </summary>
public sealed class LeakDataset
{
    private LeakDataset(WaterNetwork network, LeakDataOptions options, int[] sensors, double meanInflow, List<LeakCase> cases, DistrictPartition partition)
    {
        Partition = partition;
        Network = network;
        Options = options;
        Sensors = sensors;
        MeanInflow = meanInflow;
        Cases = cases;
    }

    public WaterNetwork Network { get; }
    public LeakDataOptions Options { get; }
    /// <summary>The loggers' junctions, by index into the network's junctions.</summary>
    public IReadOnlyList<int> Sensors { get; }
    /// <summary>The area's mean inflow over a day by its patterns (m³/s): what leak shares are of.</summary>
    public double MeanInflow { get; }
    public IReadOnlyList<LeakCase> Cases { get; }
    /// <summary>The district metered areas whose inflow each case meters.</summary>
    public DistrictPartition Partition { get; }

    public static LeakDataset Generate(WaterNetwork network, LeakDataOptions options)
    {
        if (options.TrainingDays < 1 || options.WarmUpDays < 0 || options.Days < options.WarmUpDays + options.TrainingDays + 1)
            throw new ArgumentException($"{options.Days} days with {options.WarmUpDays} of warm-up and {options.TrainingDays} of training leave no day for leaks");
        if (options.Areas < 1) throw new ArgumentException($"Areas ({options.Areas}): at least one district metered area");
        var sensors = PressureLoggers.Spread(network, options.PressureSensors);
        var partition = DistrictAreas.Partition(network, options.Areas);
        var reference = new HydraulicSimulation(network);
        double meanInflow = Enumerable.Range(0, 96).Average(i => reference.NominalDemand(i * 900L));
        var tankOrReservoir = network.Tanks.Select(t => t.Id).Concat(network.Reservoirs.Select(r => r.Id)).ToHashSet(StringComparer.Ordinal);
        var candidates = network.Pipes.Where(p => p.Status == LinkStatus.Open && !p.CheckValve && !tankOrReservoir.Contains(p.From) && !tankOrReservoir.Contains(p.To)).ToList();
        var cases = new List<LeakCase>();
        int total = options.LeakCases + options.ControlCases;
        for (int c = 0; c < total; c++)
        {
            var random = SeededRandom.For(options.Seed, $"leak-case-{c}");
            bool leak = c < options.LeakCases;
            var pipe = leak ? random.Pick(candidates).Id : null;
            double share = leak ? random.Next(options.MinLeakShare, options.MaxLeakShare) : 0;
            long start = leak ? RoundTo(random.Next(options.TrainingEnd, options.Days * 86400.0 - 12 * 3600), options.StepSeconds) : long.MaxValue;
            cases.Add(Run(network, options, sensors, partition, c, pipe, start, share * meanInflow, meanInflow, random));
        }
        return new LeakDataset(network, options, sensors, meanInflow, cases, partition);
    }

    /// <param name="flow">The leak's flow aimed at (m³/s); what it really lets out depends on the pressure as it runs, and the label says that.</param>
    private static LeakCase Run(WaterNetwork original, LeakDataOptions o, int[] sensors, DistrictPartition partition, int index, string? pipe, long start, double flow, double meanInflow, SeededRandom random)
    {
        var net = pipe is null ? original : PipeSplit.AtMidpoint(original, pipe);
        net = net with { Times = net.Times with { Duration = o.Days * 86400L, HydraulicStep = Math.Min(o.StepSeconds, net.Times.HydraulicStep), ReportStep = o.StepSeconds, ReportStart = 0 } };
        var simulation = new HydraulicSimulation(net);
        int junctions = net.Junctions.Count;
        // Consumption off its pattern: a city-wide factor a day, each junction's a day and an hour.
        var city = Enumerable.Range(0, o.Days + 1).Select(_ => 1 + o.CityDayNoise * Gaussian(random)).ToArray();
        var day = new double[o.Days + 1, junctions];
        var hour = new double[(o.Days + 1) * 24, junctions];
        for (int d = 0; d <= o.Days; d++) for (int j = 0; j < junctions; j++) day[d, j] = 1 + o.JunctionDayNoise * Gaussian(random);
        for (int h = 0; h < hour.GetLength(0); h++) for (int j = 0; j < junctions; j++) hour[h, j] = 1 + o.JunctionHourNoise * Gaussian(random);
        simulation.DemandFactor = (t, j) => Math.Max(0, city[t / 86400] * day[t / 86400, j] * hour[t / 3600, j]);

        double emitter = 0;
        string? mid = pipe is null ? null : PipeSplit.JunctionOf(pipe);
        if (mid is not null)
        {
            // The emitter that lets the leak's flow out at the pressure there at its start.
            var probe = new HydraulicSimulation(net).Begin(start % 86400);
            int node = Array.IndexOf([.. simulation.NodeIds], mid);
            double pressure = Math.Max(1, probe.Head[node] - net.Junctions[node].Elevation);
            emitter = flow / Math.Pow(pressure, net.Options.EmitterExponent);
        }
        // The area meters' own noise from their own stream, so adding them left every other reading as it was drawn.
        var meterNoise = SeededRandom.For(o.Seed, $"leak-case-{index}-area-meters");
        int areas = partition.Areas.Count;
        var areaOf = new int[junctions];
        for (int j = 0; j < junctions; j++) areaOf[j] = j < original.Junctions.Count ? partition.AreaOfJunction[j] : partition.AreaOfPipe(original, pipe!);
        var areaInflow = new List<double[]>();
        var sensorNodes = sensors.Select(s => Array.IndexOf([.. simulation.NodeIds], original.Junctions[s].Id)).ToArray();
        var times = new List<long>();
        var inflow = new List<double>();
        var pressures = new List<double[]>();
        var tanks = new List<double[]>();
        var states = new List<LinkState[]>();
        long? leakStart = null;
        double leaked = 0;
        int leakReadings = 0;
        bool opened = false;
        int firstTank = net.Junctions.Count + net.Reservoirs.Count;
        // The model (the unsplit network) numbers links without the split pipe's halves: map them back.
        var linkMap = original.Pipes.Select(p => p.Id).Concat(original.Pumps.Select(p => p.Id)).Concat(original.Valves.Select(v => v.Id))
            .Select(id => Array.IndexOf([.. simulation.LinkIds], pipe is not null && id == pipe ? pipe + "#a" : id)).ToArray();
        simulation.Run(step =>
        {
            if (mid is not null && !opened && step.Time + o.StepSeconds >= start)
            {
                simulation.SetEmitter(mid, emitter);
                opened = true;
            }
            if (step.Time % o.StepSeconds != 0 || (times.Count > 0 && times[^1] == step.Time)) return;
            double leaving = 0;
            for (int j = 0; j < junctions; j++) leaving += step.Outflow[j];
            var area = new double[areas];
            for (int j = 0; j < junctions; j++) area[areaOf[j]] += step.Outflow[j];
            for (int a = 0; a < areas; a++) area[a] *= 1 + o.FlowNoise * Gaussian(meterNoise);
            areaInflow.Add(area);
            double leak = step.Leak.Sum();
            if (mid is not null && leakStart is null && leak > 0) leakStart = step.Time;
            if (leak > 0) { leaked += leak; leakReadings++; }
            times.Add(step.Time);
            inflow.Add(leaving * (1 + o.FlowNoise * Gaussian(random)));
            pressures.Add([.. sensorNodes.Select(n => step.Head[n] - net.Junctions[n].Elevation + o.PressureNoise * Gaussian(random))]);
            tanks.Add([.. net.Tanks.Select((_, t) => step.Head[firstTank + t])]);
            states.Add([.. linkMap.Select(k => step.State[k])]);
        }, keepSteps: false);
        double actual = leakReadings > 0 ? leaked / leakReadings : 0;
        return new LeakCase(index, pipe, leakStart, actual, actual / meanInflow, [.. times], [.. inflow], [.. pressures], [.. tanks], [.. states], [.. areaInflow]);
    }

    private static long RoundTo(double seconds, long step) => (long)Math.Round(seconds / step) * step;

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
