using System.Diagnostics;
using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Simulates candidates from the current state: the twin's network with its current plans, and demand drawn from
/// the detectors' latest flows (the way <see cref="ObservedFlowDemand"/> does for twin baselines). Each run warms up
/// so queues reach what those flows sustain, then judges the vehicles departing in the horizon, and drains for a
/// while so late departures are measured. Every candidate sees the same demand draws (common random numbers), so
/// differences are the plans', not the dice's. Runs go in parallel, one core each.
/// </summary>
public sealed class RetimingEvaluator(RetimingOptions options)
{
    /// <summary>Simulated seconds after the horizon for vehicles already on the road to finish.</summary>
    public const double DrainSeconds = 600;

    /// <param name="junctions">The junctions (local ids) under study, for their own delay.</param>
    public Evaluation Evaluate(TransportNetwork network, IReadOnlyList<RetimingCandidate> candidates, IReadOnlyList<string> junctions, CancellationToken ct)
    {
        var warmup = options.Warmup.TotalSeconds;
        var horizon = options.Horizon.TotalSeconds;
        // A closed road (a flood's closure, approved) leaves the network while its detector still reports: its flow is
        // not demand on the network simulated here.
        var flows = network.Readings.Where(r => r.Value.FlowPerHour is > 0 && network.Roads.EdgeIndex.ContainsKey(r.Key))
            .ToDictionary(r => r.Key, r => r.Value.FlowPerHour!.Value, StringComparer.Ordinal);
        var demands = Enumerable.Range(0, options.Seeds)
            .Select(s => ObservedFlowDemand.Generate(network.Roads, flows, warmup + horizon, 1000UL + (ulong)s))
            .ToArray();
        if (demands[0].Demand.Trips.Count == 0)
            throw new RetimingException($"no demand to simulate: none of the {demands[0].EntryRoads} boundary roads has a flow reading");

        var studied = junctions.Select(j => JunctionIndex(network.Roads, j)).ToHashSet();
        var crossing = demands.Select(d => Crossing(network.Roads, d.Demand, studied)).ToArray();
        var keepMaxPressure = network.SignalByJunction
            .Where(p => SignalPlan.At(network, p.Key) is { IsMaxPressure: true })
            .Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var runs = new (int Candidate, int Seed)[candidates.Count * options.Seeds];
        for (var c = 0; c < candidates.Count; c++)
            for (var s = 0; s < options.Seeds; s++) runs[c * options.Seeds + s] = (c, s);
        var results = new RunResult[runs.Length];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, runs.Length, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (c, s) = runs[i];
            results[i] = Run(network, candidates[c], demands[s].Demand, crossing[s], keepMaxPressure, junctions, warmup, horizon, ct);
        });
        var simulated = runs.Length * (warmup + horizon + DrainSeconds);

        var outcomes = new List<CandidateOutcome>();
        double local0 = 0, network0 = 0;
        for (var c = 0; c < candidates.Count; c++)
        {
            var mine = results.Skip(c * options.Seeds).Take(options.Seeds).ToArray();
            var local = mine.Average(r => r.LocalDelay);
            var whole = mine.Average(r => r.MeanDelay);
            if (c == 0) (local0, network0) = (local, whole);
            var candidate = candidates[c];
            outcomes.Add(new CandidateOutcome(candidate.Name, candidate.Description, Math.Round(local, 1), Math.Round(whole, 1),
                Math.Round(mine.Average(r => r.MeanTravelTime), 1), Math.Round(mine.Average(r => r.JunctionDelay), 1),
                Math.Round(mine.Average(r => r.ArrivedShare), 4), (int)Math.Round(mine.Average(r => r.Vehicles)),
                Change(local, local0), Change(whole, network0), candidate.Durations, [.. candidate.MaxPressure]));
        }
        return new Evaluation(outcomes, demands[0].VehiclesPerHour, flows.Count, horizon, warmup, options.Seeds,
            Math.Round(simulated / Math.Max(clock.Elapsed.TotalSeconds, 1e-3)));
    }

    private static double Change(double value, double baseline) => baseline > 0 ? Math.Round(value / baseline - 1, 4) : 0;

    /// <summary>Which trips (by index) cross one of the studied junctions.</summary>
    private static bool[] Crossing(TrafficNetwork roads, TrafficDemand demand, HashSet<int> junctions)
    {
        var crossing = new bool[demand.Trips.Count];
        for (var t = 0; t < crossing.Length; t++)
        {
            var route = demand.Trips[t].Route;
            for (var k = 0; k + 1 < route.Count && !crossing[t]; k++) crossing[t] = junctions.Contains(roads.Edges[route[k]].To);
        }
        return crossing;
    }

    private static RunResult Run(TransportNetwork network, RetimingCandidate candidate, TrafficDemand demand, bool[] crossing, HashSet<string> keepMaxPressure,
        IReadOnlyList<string> junctions, double warmup, double horizon, CancellationToken ct)
    {
        var roads = network.Roads;
        var retimes = new List<SignalRetime>();
        var maxPressure = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (junction, signal) in network.SignalByJunction)
        {
            var index = JunctionIndex(roads, junction);
            if (candidate.Durations.TryGetValue(signal, out var durations)) retimes.Add(new SignalRetime(index, durations));
            else if (candidate.MaxPressure.Contains(signal) || keepMaxPressure.Contains(junction)) maxPressure.Add(roads.Signals[roads.Junctions[index].Signal!.Value].Id);
        }
        var planned = retimes.Count > 0 ? SignalRetiming.Apply(roads, retimes) : roads;
        var end = warmup + horizon + DrainSeconds;
        var simulation = new TrafficSimulation(planned, demand, new TrafficSimulationOptions
        {
            EndTime = end, Seed = 7, MaxDegreeOfParallelism = 1, MaxPressureAt = maxPressure,
        });
        while (!simulation.IsFinished)
        {
            ct.ThrowIfCancellationRequested();
            simulation.Step();
        }
        var results = simulation.Results;

        double delay = 0, travel = 0, localDelay = 0;
        int vehicles = 0, arrived = 0, local = 0;
        for (var t = 0; t < results.Trips.Count; t++)
        {
            var trip = results.Trips[t];
            if (trip.Depart < warmup || trip.Depart >= warmup + horizon) continue;
            vehicles++;
            double lost;
            if (trip.Status == TripStatus.Arrived)
            {
                arrived++;
                lost = trip.TimeLoss + trip.InsertionDelay;
                travel += trip.Duration + trip.InsertionDelay;
            }
            else
            {
                lost = end - trip.Depart;
                travel += end - trip.Depart;
            }
            delay += lost;
            if (crossing[t]) { localDelay += lost; local++; }
        }
        var studied = junctions.ToHashSet(StringComparer.Ordinal);
        var passing = results.Intersections.Where(i => studied.Contains(i.Id) && i.Passed > 0).ToList();
        var junctionDelay = passing.Count == 0 ? 0 : passing.Sum(i => i.MeanDelay * i.Passed) / passing.Sum(i => i.Passed);
        return new RunResult(vehicles == 0 ? 0 : delay / vehicles, local == 0 ? 0 : localDelay / local, vehicles == 0 ? 0 : travel / vehicles, junctionDelay,
            vehicles == 0 ? 1 : (double)arrived / vehicles, vehicles);
    }

    internal static int JunctionIndex(TrafficNetwork roads, string junction)
    {
        for (var j = 0; j < roads.Junctions.Count; j++)
            if (roads.Junctions[j].Id == junction) return j;
        throw new RetimingException($"the network has no junction '{junction}'");
    }

    private sealed record RunResult(double MeanDelay, double LocalDelay, double MeanTravelTime, double JunctionDelay, double ArrivedShare, int Vehicles);
}

/// <summary>What the simulations found, for the proposal's evidence.</summary>
/// <param name="Outcomes">The first is the current plan.</param>
/// <param name="SpeedUp">Simulated seconds per wall-clock second over all runs.</param>
public sealed record Evaluation(IReadOnlyList<CandidateOutcome> Outcomes, double VehiclesPerHour, int ObservedRoads, double HorizonSeconds,
    double WarmupSeconds, int Seeds, double SpeedUp);

/// <summary>A retiming cannot be worked out; the message says why.</summary>
public sealed class RetimingException(string message) : Exception(message);
