using System.Diagnostics;
using System.Text.Json.Nodes;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>
/// Seeded abuse of the importers: the repository's real SUMO files and the Jinan CityFlow set, mutated (see
/// <see cref="Mutations"/>) case after case within a wall-clock budget. Each case must end one of two ways: refused
/// with a <see cref="TrafficImportException"/> whose one-line message names the file, or accepted as a network and
/// demand that pass <see cref="ModelConsistency"/> and simulate a minute without a fault. Anything else (a
/// NullReference, IndexOutOfRange, InvalidCast, Overflow, OutOfMemory) fails the test with the seed, the case and
/// the mutations, so it can be rebuilt. The budget bounds how many cases run, never what is asserted.
/// </summary>
public sealed class ImporterAbuseTests : IDisposable
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);
    private const int MaxCases = 2000;

    private static readonly string SumoNetwork = File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"));
    private static readonly string SumoRoutes = TrafficTestData.Data("Sumo", "grid3.rou.xml");
    private static readonly Lazy<TrafficNetwork> Grid = new(() => SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml")));
    private static readonly Lazy<TrafficNetwork> Jinan = new(() => CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet));

    /// <summary>The first 40 Jinan flows: enough variety, few enough that a case reads in milliseconds.</summary>
    private static readonly Lazy<JsonNode> JinanFlows = new(() =>
        new JsonArray([.. JsonNode.Parse(File.ReadAllText(TrafficTestData.JinanFlow))!.AsArray().Take(40).Select(f => f!.DeepClone())]));

    private readonly ScratchFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Mutated_sumo_networks_are_refused_cleanly_or_read_consistently()
    {
        var cases = Abuse(seed: 20_251, random =>
        {
            var (bytes, done) = Mutations.Xml(SumoNetwork, random);
            var path = _files.Write("abused.net.xml", bytes);
            return (path, done, () =>
            {
                var network = SumoNetworkReader.Read(path);
                Accepted(network, SumoRoutesReader.Read(SumoRoutes, network, seed: 1));
            });
        });
        Assert.True(cases > 0);
    }

    [Fact]
    public void Mutated_sumo_demand_is_refused_cleanly_or_read_consistently()
    {
        var text = File.ReadAllText(SumoRoutes);
        var cases = Abuse(seed: 20_252, random =>
        {
            var (bytes, done) = Mutations.Xml(text, random);
            var path = _files.Write("abused.rou.xml", bytes);
            return (path, done, () => Accepted(Grid.Value, SumoRoutesReader.Read(path, Grid.Value, seed: 1)));
        });
        Assert.True(cases > 0);
    }

    [Fact]
    public void Mutated_cityflow_roadnets_are_refused_cleanly_or_read_consistently()
    {
        var roadnet = JsonNode.Parse(File.ReadAllText(TrafficTestData.JinanRoadnet))!;
        var paths = Mutations.Paths(roadnet);
        var flows = _files.Write("flows.json", JinanFlows.Value.ToJsonString());
        var cases = Abuse(seed: 20_253, random =>
        {
            var (bytes, done) = Mutations.Json(roadnet, paths, random);
            var path = _files.Write("abused.roadnet.json", bytes);
            return (path, done, () =>
            {
                var network = CityFlowNetworkReader.Read(path);
                Accepted(network, CityFlowFlowReader.Read(flows, network));
            });
        });
        Assert.True(cases > 0);
    }

    [Fact]
    public void Mutated_cityflow_flows_are_refused_cleanly_or_read_consistently()
    {
        var paths = Mutations.Paths(JinanFlows.Value);
        var cases = Abuse(seed: 20_254, random =>
        {
            var (bytes, done) = Mutations.Json(JinanFlows.Value, paths, random);
            var path = _files.Write("abused.flow.json", bytes);
            return (path, done, () => Accepted(Jinan.Value, CityFlowFlowReader.Read(path, Jinan.Value)));
        });
        Assert.True(cases > 0);
    }

    /// <summary>
    /// Runs cases from <paramref name="seed"/> until the budget or <see cref="MaxCases"/> is spent; case i always gets
    /// the generator seeded with (seed, i), so a failure names all it takes to rebuild it.
    /// </summary>
    /// <returns>How many cases ran.</returns>
    private static int Abuse(int seed, Func<Random, (string Path, string Done, Action Read)> make)
    {
        var clock = Stopwatch.StartNew();
        var cases = 0;
        for (; cases < MaxCases && clock.Elapsed < Budget; cases++)
        {
            var (path, done, read) = make(new Random(HashCode.Combine(seed, cases)));
            try
            {
                read();
            }
            catch (TrafficImportException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"seed {seed} case {cases} ({done}): empty message");
                // The abused file, or the untouched one read against what it produced.
                Assert.True(e.File.Length > 0 && e.Message.StartsWith(e.File + ": ", StringComparison.Ordinal),
                    $"seed {seed} case {cases} ({done}): the message does not start with the file: {e.Message}");
                Assert.False(e.Message.Contains('\n') || e.Message.Contains('\r'), $"seed {seed} case {cases} ({done}): the message is not one line: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} case {cases} ({done}) on {Path.GetFileName(path)}: {e.GetType().Name} instead of a refusal: {e}");
            }
        }
        return cases;
    }

    /// <summary>What an accepted network and demand must be: consistent, within the run limits, and runnable.</summary>
    private static void Accepted(TrafficNetwork network, TrafficDemand demand)
    {
        Assert.Empty(network.Problems());
        Assert.Empty(demand.Problems(network));
        RunFootprint.Of(network, demand).Check(CityMesh.Limits.InputLimits.Default, "accepted");
        var results = new TrafficSimulation(network, demand, new TrafficSimulationOptions { EndTime = 60, MaxDegreeOfParallelism = 1 }).Run();
        Assert.Equal(demand.Trips.Count, results.Trips.Count);
    }
}
