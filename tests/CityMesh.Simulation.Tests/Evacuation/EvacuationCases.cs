using CityMesh.Simulation.Evacuation;

namespace CityMesh.Simulation.Tests.Evacuation;

/// <summary>The walkways the evacuation tests run over.</summary>
internal static class EvacuationCases
{
    /// <summary>A straight corridor along x of <paramref name="pieces"/> equal links, nodes 0 … pieces from x = 0.</summary>
    public static WalkwayGraph Corridor(double length, double width, int pieces)
    {
        double piece = length / pieces;
        return new WalkwayGraph(
            Enumerable.Range(0, pieces + 1).Select(k => k * piece).ToArray(),
            new double[pieces + 1],
            Enumerable.Range(0, pieces).ToArray(),
            Enumerable.Range(1, pieces).ToArray(),
            Enumerable.Repeat(piece, pieces).ToArray(),
            Enumerable.Repeat(width, pieces).ToArray(),
            Enumerable.Range(0, pieces).Select(k => $"c{k}").ToArray());
    }

    /// <summary>Links joined end to end: a room (node 0 → 1), then each further piece; lengths and widths in order.</summary>
    public static WalkwayGraph Chain(params (double Length, double Width)[] links) => new(
        Enumerable.Range(0, links.Length + 1).Select(k => links.Take(k).Sum(l => l.Length)).ToArray(),
        new double[links.Length + 1],
        Enumerable.Range(0, links.Length).ToArray(),
        Enumerable.Range(1, links.Length).ToArray(),
        links.Select(l => l.Length).ToArray(),
        links.Select(l => l.Width).ToArray(),
        links.Select((_, k) => $"l{k}").ToArray());

    /// <summary><paramref name="count"/> people spread evenly along <paramref name="link"/>, all heading for its To end.</summary>
    public static IEnumerable<StreetWalker> Spread(WalkwayGraph graph, int link, int count) =>
        Enumerable.Range(0, count).Select(k => new StreetWalker(link, graph.To[link], (k + 0.5) * graph.Length[link] / count));

    /// <summary>
    /// A town of <paramref name="side"/> × <paramref name="side"/> blocks of 100 m streets (sidewalks both sides,
    /// 3 m each), homes attached along them, and two shelters at opposite corners: every rule of the engine meets it.
    /// </summary>
    public static (WalkwayBuilder Builder, WalkwayGraph Graph, List<EvacueeGroup> Groups, List<Shelter> Shelters) Town(int side, int peoplePerHome, int shelterCapacity)
    {
        var roads = new List<WalkwayRoad>();
        for (int i = 0; i <= side; i++)
            for (int j = 0; j < side; j++)
            {
                roads.Add(new WalkwayRoad($"h{i}-{j}", [(j * 100.0, i * 100.0), ((j + 1) * 100.0, i * 100.0)]));
                roads.Add(new WalkwayRoad($"v{i}-{j}", [(i * 100.0, j * 100.0), (i * 100.0, (j + 1) * 100.0)]));
            }
        var builder = new WalkwayBuilder(roads);
        var groups = new List<EvacueeGroup>();
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++)
            {
                int door = builder.Attach(j * 100 + 50, i * 100 + 20, 1.5, $"home {i},{j}");
                groups.Add(new EvacueeGroup($"home {i},{j}", door, peoplePerHome, 1.5));
            }
        var shelters = new List<Shelter>
        {
            new("south-west", builder.Attach(-10, -10, 4, "south-west"), shelterCapacity, 4),
            new("north-east", builder.Attach(side * 100 + 10, side * 100 + 10, 4, "north-east"), shelterCapacity, 4),
        };
        return (builder, builder.Build(), groups, shelters);
    }
}
