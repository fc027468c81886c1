using System.Diagnostics;
using CityMesh.Compute;
using CityMesh.Compute.Ilgpu;
using CityMesh.Simulation.Epidemic;

namespace CityMesh.Cli.Bench;

/// <param name="Agents">Population sizes to run.</param>
/// <param name="Days">Steps (days) per measured run.</param>
public sealed record EpidemicBenchmarkOptions(IReadOnlyList<int> Agents, int Days, ulong Seed);

/// <summary>
/// <c>citymesh bench epidemic</c>: agent-steps/s (an agent-day is one step) of the SEIR engine over a synthetic
/// population with four contact layers, on the managed path and every GPU ILGPU finds, beside a plain copy of the
/// arrays a step streams through (each agent's state and its group in every layer), measured in the same run.
/// </summary>
public sealed class EpidemicBenchmark(EpidemicBenchmarkOptions options, TextWriter output)
{
    private const int CopyRuns = 5;

    public void Run(CancellationToken ct)
    {
        output.WriteLine($"citymesh bench epidemic: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {options.Days} days per run, " +
                         "synthetic population with household, school, work and community layers");
        foreach (int agents in options.Agents)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var population = SyntheticPopulation.Create(agents, new SyntheticPopulationOptions(), options.Seed);
            output.WriteLine($"{agents:N0} agents ({population.GroupSize.Length:N0} groups) drawn in {clock.Elapsed.TotalSeconds:F1} s");
            long streamed = (long)agents * (1 + 4 * population.Layers.Count);
            double copySeconds = CopySeconds(population);
            output.WriteLine($"  plain copy of the {streamed / 1e6:N0} MB a step streams (states and groups): {copySeconds * 1e3:F1} ms, {streamed / copySeconds / 1e9:F1} GB/s");
            var epidemic = new EpidemicOptions { Days = options.Days, InitialInfections = Math.Max(10, agents / 10_000), Seed = options.Seed };
            var backends = new List<(string Name, Func<EpidemicSimulation> Make)> { ("managed", () => new EpidemicSimulation(population, epidemic)) };
            foreach (var device in IlgpuRuntime.Devices().Where(d => d.IsGpu))
                backends.Add((device.Description, () => new EpidemicSimulation(population, epidemic, device)));
            double managedRate = 0;
            foreach (var (name, make) in backends)
            {
                ct.ThrowIfCancellationRequested();
                using var sim = make();
                var result = sim.Run(cancellationToken: ct);
                double perStep = result.WallSeconds / Math.Max(1, result.Curve.Count - 1);
                if (managedRate == 0) managedRate = result.AgentStepsPerSecond;
                string ratio = name == "managed" ? "" : $", {result.AgentStepsPerSecond / managedRate:F1}× managed";
                output.WriteLine($"  {name,-56} {result.AgentStepsPerSecond,14:N0} agent-steps/s ({perStep * 1e3:F1} ms a step, " +
                                 $"{perStep / copySeconds:F1}× the plain copy{ratio}); attack rate by day {sim.Day:0}: {result.AttackRate:P1}");
            }
        }
    }

    /// <summary>The median time to copy the state and group arrays once, as a step must at least read them.</summary>
    private static double CopySeconds(Population population)
    {
        var groups = population.FlatGroups();
        var states = new byte[population.Count];
        var groupsCopy = new int[groups.Length];
        var statesCopy = new byte[states.Length];
        var times = new double[CopyRuns];
        for (int run = 0; run < CopyRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, Environment.ProcessorCount, part =>
            {
                int parts = Environment.ProcessorCount;
                int from = (int)((long)groups.Length * part / parts), to = (int)((long)groups.Length * (part + 1) / parts);
                groups.AsSpan(from, to - from).CopyTo(groupsCopy.AsSpan(from));
                int sFrom = (int)((long)states.Length * part / parts), sTo = (int)((long)states.Length * (part + 1) / parts);
                states.AsSpan(sFrom, sTo - sFrom).CopyTo(statesCopy.AsSpan(sFrom));
            });
            times[run] = clock.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return times[CopyRuns / 2];
    }
}
