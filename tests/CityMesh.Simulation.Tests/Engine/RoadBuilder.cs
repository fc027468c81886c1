using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>Builds small networks by hand: junctions, edges with lanes, connections with signals and foes.</summary>
internal sealed class RoadBuilder
{
    private readonly List<Junction> _junctions = [];
    private readonly List<Edge> _edges = [];
    private readonly List<Lane> _lanes = [];
    private readonly List<Connection> _connections = [];
    private readonly List<List<int>> _foes = [];
    private readonly List<SignalProgram> _signals = [];

    public int Junction(string id, double x, double y, JunctionKind kind = JunctionKind.Priority, int? signal = null)
    {
        _junctions.Add(new Junction(id, kind, new Point2(x, y), signal));
        return _junctions.Count - 1;
    }

    public void SetSignal(int junction, int signal) => _junctions[junction] = _junctions[junction] with { Signal = signal };

    public int Edge(string id, int from, int to, int lanes = 1, double speed = 13.89, int priority = 1, double? length = null)
    {
        var a = _junctions[from].Position;
        var b = _junctions[to].Position;
        double len = length ?? Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        int edge = _edges.Count;
        var laneIds = new List<int>();
        for (int i = 0; i < lanes; i++)
        {
            laneIds.Add(_lanes.Count);
            _lanes.Add(new Lane($"{id}_{i}", edge, i, len, speed, [a, b]));
        }
        _edges.Add(new Edge(id, from, to, laneIds, priority, len, speed));
        return edge;
    }

    public int LaneOf(int edge, int index) => _edges[edge].Lanes[index];

    public int Connect(int fromEdge, int fromLane, int toEdge, int toLane, Turn turn = Turn.Straight, double via = 0,
        int? signal = null, int linkIndex = -1, bool major = true)
    {
        _connections.Add(new Connection(LaneOf(fromEdge, fromLane), LaneOf(toEdge, toLane), _edges[fromEdge].To, turn, via, signal, linkIndex, major, []));
        _foes.Add([]);
        return _connections.Count - 1;
    }

    public void Yield(int connection, params int[] foes) => _foes[connection].AddRange(foes);

    public int Signal(string id, int junction, double offset, params (double Duration, string State)[] phases)
    {
        _signals.Add(new SignalProgram(id, junction, offset, phases.Select(p => new SignalPhase(p.Duration, p.State)).ToList()));
        return _signals.Count - 1;
    }

    public TrafficNetwork Build() => new(
        _edges.ToList(), _lanes.ToList(), _junctions.ToList(),
        _connections.Select((c, i) => c with { Foes = _foes[i].ToList() }).ToList(),
        _signals.ToList());
}
