using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>The netgenerate 3x3 grid in Data/Sumo/grid3.net.xml, checked against what the file says.</summary>
public sealed class SumoNetworkReaderTests
{
    private static readonly TrafficNetwork Grid = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));

    [Fact]
    public void Counts_leave_out_internal_edges_and_junctions()
    {
        Assert.Equal(24, Grid.Edges.Count);
        Assert.Equal(48, Grid.Lanes.Count);
        Assert.Equal(9, Grid.Junctions.Count);
        Assert.Equal(84, Grid.Connections.Count);
        Assert.Equal(5, Grid.Signals.Count);
        Assert.DoesNotContain(Grid.Edges, e => e.Id.StartsWith(':'));
    }

    [Fact]
    public void Edge_and_lanes_keep_lengths_speeds_and_shapes()
    {
        var edge = Grid.Edges[Grid.EdgeIndex["A0A1"]];
        Assert.Equal("A0", Grid.Junctions[edge.From].Id);
        Assert.Equal("A1", Grid.Junctions[edge.To].Id);
        Assert.Equal(183.20, edge.Length, 6);
        Assert.Equal(13.89, edge.SpeedLimit, 6);
        Assert.Equal(2, edge.Lanes.Count);

        var right = Grid.Lanes[edge.Lanes[0]];
        Assert.Equal(("A0A1_0", 0, 183.20), (right.Id, right.IndexOnEdge, right.Length));
        Assert.Equal([new Point2(4.80, 6.40), new Point2(4.80, 189.60)], right.Shape);
        Assert.Equal("A0A1_1", Grid.Lanes[edge.Lanes[1]].Id);
        Assert.All(Grid.Lanes.Select((l, i) => (l, i)), p => Assert.Equal(p.i, Grid.Edges[p.l.Edge].Lanes[p.l.IndexOnEdge]));
    }

    [Fact]
    public void Junction_types_and_signals()
    {
        var a0 = Grid.Junctions.Single(j => j.Id == "A0");
        Assert.Equal((JunctionKind.Priority, new Point2(0, 0), (int?)null), (a0.Kind, a0.Position, a0.Signal));
        var a1 = Grid.Junctions.Single(j => j.Id == "A1");
        Assert.Equal(JunctionKind.TrafficLight, a1.Kind);
        Assert.Equal("A1", Grid.Signals[a1.Signal!.Value].Id);
        Assert.Equal(5, Grid.Junctions.Count(j => j.Kind == JunctionKind.TrafficLight));
    }

    [Fact]
    public void TlLogic_becomes_a_signal_program()
    {
        var b1 = Grid.Signals.Single(s => s.Id == "B1");
        Assert.Equal("B1", Grid.Junctions[b1.Junction].Id);
        Assert.Equal(0, b1.Offset);
        Assert.Equal(
            [new SignalPhase(42, "GGGggrrrrrGGGggrrrrr"), new SignalPhase(3, "yyyyyrrrrryyyyyrrrrr"),
             new SignalPhase(42, "rrrrrGGGggrrrrrGGGgg"), new SignalPhase(3, "rrrrryyyyyrrrrryyyyy")],
            b1.Phases);
        Assert.Equal(90, b1.Cycle);
    }

    [Fact]
    public void Connections_carry_turn_signal_link_and_via_length()
    {
        // <connection from="A2A1" to="A1B1" fromLane="1" toLane="1" via=":A1_2_0" tl="A1" linkIndex="2" dir="l" state="o"/>
        // The left turn waits half-way: :A1_2_0 (5.01 m) continues on :A1_12_0 (14.34 m).
        var left = Link("A1", 2);
        Assert.Equal(("A2A1_1", "A1B1_1"), (Grid.Lanes[left.FromLane].Id, Grid.Lanes[left.ToLane].Id));
        Assert.Equal((Turn.Left, false), (left.Turn, left.Major));
        Assert.Equal(5.01 + 14.34, left.Via, 6);

        // <connection from="A1A0" to="A0B0" fromLane="0" toLane="0" via=":A0_0_0" dir="l" state="M"/>: unsignalised, major.
        var free = Grid.Connections.Single(c => Grid.Lanes[c.FromLane].Id == "A1A0_0" && Grid.Lanes[c.ToLane].Id == "A0B0_0");
        Assert.Equal(("A0", Turn.Left, true, (int?)null, -1), (Grid.Junctions[free.Junction].Id, free.Turn, free.Major, free.Signal, free.LinkIndex));
        Assert.Equal(18.06, free.Via, 6);
        Assert.Empty(free.Foes);
    }

    [Fact]
    public void Foes_follow_the_request_rows_of_junction_A1()
    {
        // <request index="2" response="011000000000"/>: bits for links 10 and 9 (link 0 is the last character),
        // the two straight lanes from the south that the left turn from the north must let pass.
        Assert.Equal(Links("A1", 9, 10), Foes(Link("A1", 2)));
        // <request index="3" response="011000110000"/>: the turnaround yields to links 4, 5, 9 and 10.
        Assert.Equal(Links("A1", 4, 5, 9, 10), Foes(Link("A1", 3)));
        // <request index="6" response="011000000111"/>
        Assert.Equal(Links("A1", 0, 1, 2, 9, 10), Foes(Link("A1", 6)));
        // <request index="0" response="000000000000"/>: straight on has right of way over everyone.
        Assert.Empty(Link("A1", 0).Foes);
        Assert.All(Grid.Connections.SelectMany(c => c.Foes.Select(f => (c, f: Grid.Connections[f]))), p => Assert.Equal(p.c.Junction, p.f.Junction));
    }

    private static Connection Link(string junction, int linkIndex) =>
        Grid.Connections.Single(c => Grid.Junctions[c.Junction].Id == junction && c.LinkIndex == linkIndex);

    private static int[] Links(string junction, params int[] linkIndices) =>
        linkIndices.Select(i => IndexOf(Link(junction, i))).Order().ToArray();

    private static int[] Foes(Connection c) => c.Foes.Order().ToArray();

    private static int IndexOf(Connection c) => Grid.Connections.ToList().IndexOf(c);
}
