using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>The hand-built networks the engine tests run on.</summary>
internal static class TestNetworks
{
    /// <summary>A straight road of <paramref name="segments"/> edges e0, e1, ... joined lane to lane at priority junctions.</summary>
    public static TrafficNetwork Straight(int segments, double segmentLength, int lanes = 1, double speed = 13.89, double? lastSpeed = null)
    {
        var b = new RoadBuilder();
        var nodes = Enumerable.Range(0, segments + 1)
            .Select(i => b.Junction($"j{i}", i * segmentLength, 0, i == 0 || i == segments ? JunctionKind.DeadEnd : JunctionKind.Priority))
            .ToArray();
        var edges = Enumerable.Range(0, segments)
            .Select(i => b.Edge($"e{i}", nodes[i], nodes[i + 1], lanes, i == segments - 1 && lastSpeed is double s ? s : speed))
            .ToArray();
        for (int i = 0; i + 1 < segments; i++)
            for (int l = 0; l < lanes; l++) b.Connect(edges[i], l, edges[i + 1], l);
        return b.Build();
    }

    /// <summary>Arms of a crossing, counter-clockwise from east.</summary>
    public static readonly string[] Arms = ["E", "N", "W", "S"];

    /// <summary>
    /// A four-arm crossing at (0,0): edges "{arm}in" towards the centre and "{arm}out" away from it, one lane each,
    /// <paramref name="armLength"/> long. Every approach turns right, goes straight or turns left; a left turn
    /// yields to the oncoming straight and right turns. Signalised with link index 3·arm + (0 right, 1 straight,
    /// 2 left) when <paramref name="phases"/> are given, else a priority junction with W–E as the major road.
    /// </summary>
    public static TrafficNetwork Crossing(double armLength = 200, (double, string)[]? phases = null, double via = 10)
    {
        var b = new RoadBuilder();
        var centre = b.Junction("C", 0, 0, phases is null ? JunctionKind.Priority : JunctionKind.TrafficLight);
        (double X, double Y)[] dirs = [(1, 0), (0, 1), (-1, 0), (0, -1)];
        var inEdges = new int[4];
        var outEdges = new int[4];
        for (int a = 0; a < 4; a++)
        {
            int end = b.Junction(Arms[a], dirs[a].X * armLength, dirs[a].Y * armLength, JunctionKind.DeadEnd);
            bool major = Arms[a] is "W" or "E";
            inEdges[a] = b.Edge($"{Arms[a]}in", end, centre, priority: major ? 2 : 1);
            outEdges[a] = b.Edge($"{Arms[a]}out", centre, end, priority: major ? 2 : 1);
        }
        int? signal = phases is null ? null : b.Signal("C", centre, 0, phases);
        if (signal is int s) b.SetSignal(centre, s);

        // conn[a, k], k = 0 right, 1 straight, 2 left. Arms run counter-clockwise, so from arm a the right turn
        // leaves on arm a+1, straight on a+2, left on a+3.
        var conn = new int[4, 3];
        for (int a = 0; a < 4; a++)
        {
            bool majorRoad = Arms[a] is "W" or "E";
            (int Out, Turn Turn)[] moves = [((a + 1) % 4, Turn.Right), ((a + 2) % 4, Turn.Straight), ((a + 3) % 4, Turn.Left)];
            for (int k = 0; k < 3; k++)
                conn[a, k] = b.Connect(inEdges[a], 0, outEdges[moves[k].Out], 0, moves[k].Turn, via, signal, signal is null ? -1 : 3 * a + k,
                    major: k != 2 && (signal is not null || majorRoad));
        }
        for (int a = 0; a < 4; a++)
        {
            int opposite = (a + 2) % 4;
            b.Yield(conn[a, 2], conn[opposite, 0], conn[opposite, 1]);
            if (signal is not null || Arms[a] is "W" or "E") continue;
            // A minor-road approach: straight on and left cross the whole major road; the right turn merges with
            // the major traffic coming from its left.
            foreach (int majorArm in new[] { 0, 2 })
                for (int k = 0; k < 3; k++)
                {
                    b.Yield(conn[a, 1], conn[majorArm, k]);
                    b.Yield(conn[a, 2], conn[majorArm, k]);
                }
            b.Yield(conn[a, 0], conn[(a + 3) % 4, 1]);
        }
        return b.Build();
    }

    /// <summary>
    /// An n×n grid of junctions <paramref name="block"/> apart, a one-lane edge each way between neighbours
    /// ("r{i}_{j}to{k}_{l}"), every approach connected to every exit but the U-turn, and a two-phase signal
    /// (north–south, then east–west, 30 s green and 3 s yellow each; left turns 'g', yielding to oncoming traffic)
    /// at every junction with three or four arms.
    /// </summary>
    public static TrafficNetwork Grid(int n, double block = 200, double via = 8)
    {
        var b = new RoadBuilder();
        var node = new int[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) node[i, j] = b.Junction($"n{i}_{j}", i * block, j * block);
        (int Dx, int Dy)[] dirs = [(1, 0), (0, 1), (-1, 0), (0, -1)]; // arm a lies in direction dirs[a]
        var outEdge = new int[n, n, 4];
        var inEdge = new int[n, n, 4];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int a = 0; a < 4; a++)
                {
                    outEdge[i, j, a] = inEdge[i, j, a] = -1;
                }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int a = 0; a < 4; a++)
                {
                    int k = i + dirs[a].Dx, l = j + dirs[a].Dy;
                    if (k < 0 || l < 0 || k >= n || l >= n) continue;
                    int e = b.Edge($"r{i}_{j}to{k}_{l}", node[i, j], node[k, l]);
                    outEdge[i, j, a] = e;
                    inEdge[k, l, (a + 2) % 4] = e;
                }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int arms = Enumerable.Range(0, 4).Count(a => inEdge[i, j, a] >= 0);
                int? signal = null;
                if (arms >= 3)
                {
                    string Phase(bool northSouthGreen, char green, char left) => string.Concat(Enumerable.Range(0, 12).Select(x =>
                    {
                        bool ns = x / 3 % 2 == 1;
                        return ns == northSouthGreen ? (x % 3 == 2 ? left : green) : 'r';
                    }));
                    signal = b.Signal($"n{i}_{j}", node[i, j], 0,
                        (30, Phase(true, 'G', 'g')), (3, Phase(true, 'y', 'y')), (30, Phase(false, 'G', 'g')), (3, Phase(false, 'y', 'y')));
                    b.SetSignal(node[i, j], signal.Value);
                }
                var conn = new int[4, 3];
                for (int a = 0; a < 4; a++)
                    for (int k = 0; k < 3; k++)
                    {
                        conn[a, k] = -1;
                        int target = outEdge[i, j, (a + 1 + k) % 4];
                        if (inEdge[i, j, a] < 0 || target < 0) continue;
                        conn[a, k] = b.Connect(inEdge[i, j, a], 0, target, 0, k switch { 0 => Turn.Right, 1 => Turn.Straight, _ => Turn.Left },
                            via, signal, signal is null ? -1 : 3 * a + k, major: k != 2 || signal is null);
                    }
                if (signal is null) continue;
                for (int a = 0; a < 4; a++)
                    if (conn[a, 2] >= 0)
                        foreach (int foe in new[] { conn[(a + 2) % 4, 0], conn[(a + 2) % 4, 1] })
                            if (foe >= 0) b.Yield(conn[a, 2], foe);
            }
        return b.Build();
    }
}
