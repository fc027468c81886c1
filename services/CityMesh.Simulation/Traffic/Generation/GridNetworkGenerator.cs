using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Generation;

/// <summary>
/// A Manhattan grid like SUMO's <c>netgenerate --grid --tls.guess --no-turnarounds</c>: Number × Number junctions
/// BlockLength apart, two-way roads of Lanes lanes, right turns from the rightmost lane, left turns from the
/// leftmost, straight on from every lane; junctions with three or four arms are signalised with a two-phase plan
/// (each axis 42 s green with its left turns yielding to oncoming traffic, then 3 s yellow), corners are priority
/// junctions. Used for scale runs beyond what SUMO's tools generate in reasonable time (100 × 100, a million trips).
/// </summary>
public static class GridNetworkGenerator
{
    public const double SpeedLimit = 13.89;
    private const double GreenSeconds = 42, YellowSeconds = 3;

    /// <summary>Headings counter-clockwise from east; an edge's heading is the direction it runs in.</summary>
    private static readonly (int Dx, int Dy)[] Headings = [(1, 0), (0, 1), (-1, 0), (0, -1)];

    public static TrafficNetwork Build(int number, double blockLength = 200, int lanes = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 20);
        var junctions = new List<Junction>(number * number);
        for (var y = 0; y < number; y++)
        {
            for (var x = 0; x < number; x++)
                junctions.Add(new Junction(Name(x, y), JunctionKind.Priority, new Point2(x * blockLength, y * blockLength), null));
        }

        var edges = new List<Edge>();
        var laneList = new List<Lane>();
        var leaving = new int[number * number * 4]; // [junction * 4 + heading] → edge, or -1
        Array.Fill(leaving, -1);
        for (var from = 0; from < junctions.Count; from++)
        {
            for (var h = 0; h < 4; h++)
            {
                var (tx, ty) = (from % number + Headings[h].Dx, from / number + Headings[h].Dy);
                if (tx < 0 || ty < 0 || tx >= number || ty >= number) continue;
                var to = ty * number + tx;
                var edge = edges.Count;
                var id = junctions[from].Id + junctions[to].Id;
                var laneIds = new int[lanes];
                for (var l = 0; l < lanes; l++)
                {
                    laneIds[l] = laneList.Count;
                    laneList.Add(new Lane($"{id}_{l}", edge, l, blockLength, SpeedLimit, [junctions[from].Position, junctions[to].Position]));
                }
                edges.Add(new Edge(id, from, to, laneIds, -1, blockLength, SpeedLimit));
                leaving[from * 4 + h] = edge;
            }
        }

        var connections = new List<Connection>();
        var signals = new List<SignalProgram>();
        var links = new List<(int Heading, Turn Turn)>();
        for (var j = 0; j < junctions.Count; j++)
        {
            var (x, y) = (j % number, j / number);
            var arriving = new List<(int Edge, int Heading)>();
            for (var h = 0; h < 4; h++)
            {
                var (nx, ny) = (x - Headings[h].Dx, y - Headings[h].Dy);
                if (nx >= 0 && ny >= 0 && nx < number && ny < number) arriving.Add((leaving[(ny * number + nx) * 4 + h], h));
            }
            var signalised = arriving.Count >= 3;
            int? signal = signalised ? signals.Count : null;
            var first = connections.Count;
            links.Clear();
            foreach (var (inEdge, heading) in arriving)
            {
                foreach (var (turn, outHeading) in new[] { (Turn.Right, (heading + 3) % 4), (Turn.Straight, heading), (Turn.Left, (heading + 1) % 4) })
                {
                    var outEdge = leaving[j * 4 + outHeading];
                    if (outEdge < 0) continue;
                    int[] fromLanes = turn switch { Turn.Right => [0], Turn.Left => [lanes - 1], _ => [.. Enumerable.Range(0, lanes)] };
                    foreach (var l in fromLanes)
                    {
                        var toLane = turn switch { Turn.Right => 0, Turn.Left => lanes - 1, _ => l };
                        connections.Add(new Connection(edges[inEdge].Lanes[l], edges[outEdge].Lanes[toLane], j, turn, Via(turn, blockLength),
                            signal, links.Count, Major: turn != Turn.Left || !signalised, Foes: []));
                        links.Add((heading, turn));
                    }
                }
            }
            // Under a two-phase plan the only conflict left is a left turn against oncoming straight and right turns.
            for (var k = 0; k < links.Count; k++)
            {
                if (connections[first + k].Major) continue;
                var oncoming = (links[k].Heading + 2) % 4;
                var foes = Enumerable.Range(0, links.Count).Where(o => links[o].Heading == oncoming && links[o].Turn != Turn.Left).Select(o => first + o).ToArray();
                connections[first + k] = connections[first + k] with { Foes = foes };
            }
            if (signal is { } s)
            {
                junctions[j] = junctions[j] with { Kind = JunctionKind.TrafficLight, Signal = s };
                signals.Add(TwoPhasePlan(junctions[j].Id, j, connections, first, links));
            }
        }
        return new TrafficNetwork(edges, laneList, junctions, connections, signals);
    }

    /// <summary>East-west green, yellow, north-south green, yellow; left turns 'g' (green, yield).</summary>
    private static SignalProgram TwoPhasePlan(string id, int junction, List<Connection> connections, int first, List<(int Heading, Turn Turn)> links)
    {
        string State(int axis, char green) => string.Concat(links.Select((link, k) =>
            link.Heading % 2 != axis ? 'r' : green == 'y' ? 'y' : connections[first + k].Major ? 'G' : 'g'));
        return new SignalProgram(id, junction, 0,
        [
            new SignalPhase(GreenSeconds, State(0, 'G')), new SignalPhase(YellowSeconds, State(0, 'y')),
            new SignalPhase(GreenSeconds, State(1, 'G')), new SignalPhase(YellowSeconds, State(1, 'y')),
        ]);
    }

    /// <summary>Path length across the junction: roughly a quarter circle for turns, the junction's width straight on.</summary>
    private static double Via(Turn turn, double blockLength) => turn switch
    {
        Turn.Right => 6,
        Turn.Left => 15,
        _ => Math.Min(13, blockLength / 10),
    };

    /// <summary>Column letters as netgenerate names them (A..Z, then AA..), row numbers.</summary>
    private static string Name(int x, int y) => $"{Column(x)}{y}";

    private static string Column(int x) => x < 26 ? ((char)('A' + x)).ToString() : Column(x / 26 - 1) + (char)('A' + x % 26);
}
