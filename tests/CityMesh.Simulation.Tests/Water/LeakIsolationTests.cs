using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Leaks;
using Xunit;

namespace CityMesh.Simulation.Tests.Water;

/// <summary>Isolation evidence and district metered areas on EPANET's Net1 and Net3.</summary>
public sealed class LeakIsolationTests
{
    private static readonly Simulation.Water.WaterNetwork Net1 = InpReader.Read(WaterFiles.Shared("Net1.inp"));
    private static readonly Simulation.Water.WaterNetwork Net3 = InpReader.Read(WaterFiles.Shared("Net3.inp"));

    [Fact]
    public void Closing_a_pipe_on_a_loop_affects_nobody()
    {
        // Net1's pipe 122 (22–32) closes a loop with 121, 31 and 21: every junction keeps another way to the sources.
        var evidence = LeakIsolation.Evaluate(Net1, "122");
        Assert.Equal(["122"], evidence.Closed);
        Assert.Empty(evidence.Affected);
        Assert.Equal(0, evidence.AffectedDemandLitres);
    }

    [Fact]
    public void Closing_the_pipe_feeding_a_dead_end_branch_cuts_off_exactly_that_branch()
    {
        // Net3's pipe 180 (163–164) feeds 164, which feeds 166 by pipe 181 and nothing else.
        var evidence = LeakIsolation.Evaluate(Net3, "180");
        Assert.Equal(["164", "166"], evidence.Affected.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.All(evidence.Affected, a => Assert.True(a.CutOff));
        // 166's demand (2.6 gpm, default pattern averaging 1.07) is the branch's: 164 has none.
        Assert.InRange(evidence.AffectedDemandLitres, 0.15, 0.2);
        Assert.Equal(0, evidence.Affected.Single(a => a.Id == "164").DemandLitres, 1e-9);
    }

    [Fact]
    public void A_service_pressure_above_the_networks_pressures_counts_only_the_closures_cut_off_junctions_not_those_already_short()
    {
        // At 1000 m no junction is served even before the closure, so nobody falls below it because of it.
        var evidence = LeakIsolation.Evaluate(Net3, "180", new IsolationOptions(ServicePressure: 1000));
        Assert.Equal(2, evidence.Affected.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeakIsolation.Evaluate(Net3, "180", new IsolationOptions(ServicePressure: -1)));
        Assert.Throws<ArgumentException>(() => LeakIsolation.Evaluate(Net3, "no-such-pipe"));
    }

    [Fact]
    public void The_crew_list_keeps_the_ranking_with_lengths_and_midpoints()
    {
        var stops = LeakIsolation.CrewList(Net3, [new LeakCandidate("180", 0.9, 0.01), new LeakCandidate("181", 0.8, 0.02, 320)]);
        Assert.Equal(["180", "181"], stops.Select(s => s.Pipe));
        Assert.Equal(150 * 0.3048, stops[0].Length, 0.5);
        Assert.Equal(10, stops[0].LeakFlowLitres, 1e-9);
        Assert.NotNull(stops[0].X);
        var a = Net3.Coordinates["164"];
        var b = Net3.Coordinates["166"];
        Assert.Equal((a.X + b.X) / 2, stops[1].X!.Value, 1e-9);
        Assert.Equal(320, stops[1].FromFirst);
    }

    [Fact]
    public void Net3_is_cut_into_areas_deterministically_each_junction_in_one_and_every_pipe_between_areas_metered()
    {
        var partition = DistrictAreas.Partition(Net3, 4);
        Assert.Equal(partition, DistrictAreas.Partition(Net3, 4), new PartitionComparer());
        Assert.Equal(4, partition.Areas.Count);
        Assert.Equal(Net3.Junctions.Count, partition.Areas.Sum(a => a.Junctions.Count));
        Assert.All(partition.Areas, a => Assert.NotEmpty(a.Junctions));
        var index = Net3.Junctions.Select((j, k) => (j.Id, k)).ToDictionary(x => x.Id, x => x.k);
        foreach (var p in Net3.Pipes.Where(p => index.ContainsKey(p.From) && index.ContainsKey(p.To)))
            Assert.Equal(partition.AreaOfJunction[index[p.From]] != partition.AreaOfJunction[index[p.To]], partition.MeteredLinks.Contains(p.Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistrictAreas.Partition(Net3, 0));
    }

    private sealed class PartitionComparer : IEqualityComparer<DistrictPartition>
    {
        public bool Equals(DistrictPartition? x, DistrictPartition? y) =>
            x!.AreaOfJunction.SequenceEqual(y!.AreaOfJunction) && x.MeteredLinks.SequenceEqual(y.MeteredLinks);

        public int GetHashCode(DistrictPartition obj) => obj.AreaOfJunction.Count;
    }
}
