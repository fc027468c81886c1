using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>Turns the records of a .net.xml into the indexed model, resolving every id with an error at its line.</summary>
internal sealed class SumoNetworkBuilder(SumoNetworkFile file)
{
    private readonly Dictionary<string, int> _junctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _signals = new(StringComparer.Ordinal);
    private readonly List<Edge> _edgeList = [];
    private readonly List<Lane> _laneList = [];

    public TrafficNetwork Build()
    {
        for (var i = 0; i < file.Junctions.Count; i++)
            if (!_junctions.TryAdd(file.Junctions[i].Id, i)) throw file.Junctions[i].Place.Error("id", "is a duplicate junction id");
        for (var i = 0; i < file.Signals.Count; i++) _signals[file.Signals[i].Id] = i;
        foreach (var junction in file.Junctions) CheckLanesExist(junction);
        foreach (var edge in file.Edges) AddEdge(edge);

        var connections = file.Connections.Select(BuildConnection).ToList();
        var foes = SumoRightOfWay.Foes(file);
        var withFoes = connections.Select((c, i) => c is null ? null : c with { Foes = foes[i] }).ToList();
        var kept = withFoes.OfType<Connection>().ToList();
        // Foes point into the list with skipped (pedestrian) links; renumber them into the kept list.
        var renumber = new int[withFoes.Count];
        for (int i = 0, k = 0; i < withFoes.Count; i++) renumber[i] = withFoes[i] is null ? -1 : k++;
        kept = kept.Select(c => c with { Foes = c.Foes.Select(f => renumber[f]).Where(f => f >= 0).ToArray() }).ToList();

        // A light usually controls one junction of its own name; a joined light controls several, named by its links.
        var firstJunction = new Dictionary<int, int>();
        var firstSignal = new Dictionary<int, int>();
        foreach (var c in kept)
            if (c.Signal is { } s)
            {
                firstJunction.TryAdd(s, c.Junction);
                firstSignal.TryAdd(c.Junction, s);
            }
        var signals = file.Signals.Select((s, i) => new SignalProgram(s.Id, SignalJunction(s, i, firstJunction), s.Offset, CheckPhases(s))).ToList();
        var junctions = file.Junctions.Select((j, i) => Uncontrolled(j, i, firstSignal)
            // A traffic_light junction whose links no programme controls (a light removed in an editor, its type
            // left): SUMO drives its links by their own states, as at a priority junction.
            ? new Junction(j.Id, JunctionKind.Priority, j.Position, null)
            : new Junction(j.Id, j.Kind, j.Position, JunctionSignal(j, i, firstSignal))).ToList();
        return new TrafficNetwork(_edgeList, _laneList, junctions, kept, signals);
    }

    private void AddEdge(SumoEdgeRecord edge)
    {
        if (edge.Lanes.Count == 0) throw edge.Place.Error(null, "has no lanes");
        var index = _edgeList.Count;
        if (file.SkippedEdges.Contains(edge.Id) || !_edges.TryAdd(edge.Id, index)) throw edge.Place.Error("id", "is a duplicate edge id");
        var lanes = edge.Lanes.OrderBy(l => l.Index).ToList();
        var laneIndices = new int[lanes.Count];
        for (var i = 0; i < lanes.Count; i++)
        {
            if (lanes[i].Index != i) throw lanes[i].Place.Error("index", $"is {lanes[i].Index}; lanes of edge '{edge.Id}' must be numbered 0..{lanes.Count - 1}");
            laneIndices[i] = _laneList.Count;
            _laneList.Add(new Lane(lanes[i].Id, index, i, lanes[i].Length, lanes[i].Speed, lanes[i].Shape, lanes[i].Permissions, lanes[i].Width));
        }
        // SUMO edges carry no length of their own; the rightmost lane's is the one routers use.
        _edgeList.Add(new Edge(edge.Id, Junction(edge.Place, "from", edge.From), Junction(edge.Place, "to", edge.To),
            laneIndices, edge.Priority, lanes[0].Length, lanes.Max(l => l.Speed)));
    }

    private int Junction(XmlPlace place, string attribute, string id) =>
        _junctions.TryGetValue(id, out var index) ? index : throw place.Error(attribute, $"names junction '{TrafficImportException.Quote(id)}', which the file does not define");

    /// <summary>
    /// The model's connection, or null for a link the model does not carry: to or from a pedestrian edge, through a
    /// rail signal, or along the tracks of a level crossing (see <see cref="JunctionKind.RailCrossing"/>).
    /// </summary>
    private Connection? BuildConnection(SumoConnectionRecord c)
    {
        if (file.SkippedEdges.Contains(c.To)) return null;
        var from = EdgeOf(c.Place, "from", c.From);
        var to = EdgeOf(c.Place, "to", c.To);
        var fromLane = LaneOf(c.Place, "fromLane", from, c.FromLane);
        var toLane = LaneOf(c.Place, "toLane", to, c.ToLane);
        var junction = file.Junctions[_edgeList[from].To];
        int? signal = null;
        if (junction.Kind is JunctionKind.RailSignal or JunctionKind.RailCrossing && (c.Signal is null || !_signals.ContainsKey(c.Signal)))
        {
            // The crossing's own logic (no tlLogic) numbers the road links it gates; the tracks' links have index -1.
            // With no train simulated the gates stay open: SUMO shows those links 'O', major.
            if (junction.Kind == JunctionKind.RailSignal || c.LinkIndex is not >= 0) return null;
            return new Connection(fromLane, toLane, _edgeList[from].To, c.Turn, ViaLength(c), null, -1, Major: true, [], ViaSpeed(c));
        }
        if (c.Signal is not null)
        {
            signal = _signals.TryGetValue(c.Signal, out var s) ? s : throw c.Place.Error("tl", $"names traffic light '{TrafficImportException.Quote(c.Signal)}', which has no <tlLogic>");
            if (c.LinkIndex is not { } link) throw c.Place.Error("linkIndex", "is missing on a signalised connection");
            if (link < 0 || link >= file.Signals[s].Phases.Select(p => p.State.Length).DefaultIfEmpty(0).Min())
                throw c.Place.Error("linkIndex", $"{link} is outside the states of traffic light '{TrafficImportException.Quote(c.Signal)}'");
        }
        return new Connection(fromLane, toLane, _edgeList[from].To, c.Turn, ViaLength(c), signal, signal is null ? -1 : c.LinkIndex!.Value, c.Major, [],
            ViaSpeed(c));
    }

    private int EdgeOf(XmlPlace place, string attribute, string id) =>
        _edges.TryGetValue(id, out var index) ? index : throw place.Error(attribute, $"names edge '{TrafficImportException.Quote(id)}', which the file does not define");

    private int LaneOf(XmlPlace place, string attribute, int edge, int laneOnEdge)
    {
        var lanes = _edgeList[edge].Lanes;
        return laneOnEdge >= 0 && laneOnEdge < lanes.Count
            ? lanes[laneOnEdge]
            : throw place.Error(attribute, $"{laneOnEdge} is not a lane of edge '{_edgeList[edge].Id}' ({lanes.Count} lanes)");
    }

    /// <summary>Internal lanes a connection may chain through; more is a loop in the file.</summary>
    private const int MaxViaHops = 16;

    /// <summary>The lowest speed limit of the internal lanes a connection crosses (ViaLength has checked the chain).</summary>
    private double ViaSpeed(SumoConnectionRecord c) =>
        file.ViaChain(c.Via).Take(MaxViaHops + 1).Select(lane => file.InternalLaneSpeeds.GetValueOrDefault(lane, double.PositiveInfinity))
            .DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>The length of the internal lanes a connection crosses, following the chain to its end.</summary>
    private double ViaLength(SumoConnectionRecord c)
    {
        var length = 0.0;
        foreach (var (lane, hops) in file.ViaChain(c.Via).Select((l, i) => (l, i)))
        {
            if (hops > MaxViaHops) throw c.Place.Error("via", $"internal lanes from '{TrafficImportException.Quote(c.Via!)}' form a loop");
            length += file.InternalLaneLengths.TryGetValue(lane, out var l) ? l : throw c.Place.Error("via", $"names lane '{TrafficImportException.Quote(lane)}', which no internal edge defines");
        }
        return length;
    }

    private static List<SignalPhase> CheckPhases(SumoSignalRecord s)
    {
        if (s.Phases.Count == 0) throw s.Place.Error(null, "has no phases");
        if (s.Phases.Any(p => p.State.Length != s.Phases[0].State.Length)) throw s.Place.Error(null, "has phases of different state lengths");
        // A cycle of zero seconds has no phase to show at any time; the fixed-time controller divides by it.
        if (s.Phases.Sum(p => p.Duration) <= 0) throw s.Place.Error(null, $"has {s.Phases.Count} phases that last 0 s in all; a cycle must last more than 0 s");
        return s.Phases;
    }

    /// <summary>The lanes a junction lists as incoming and internal must be lanes of the file.</summary>
    private void CheckLanesExist(SumoJunctionRecord j)
    {
        foreach (var (lanes, attribute) in new[] { (j.IncomingLanes, "incLanes"), (j.InternalLanes, "intLanes") })
            foreach (var lane in lanes)
                if (!file.LaneIds.Contains(lane))
                    throw j.Place.Error(attribute, $"names lane '{TrafficImportException.Quote(lane)}', which the file does not define");
    }

    private int SignalJunction(SumoSignalRecord s, int index, Dictionary<int, int> firstJunction) =>
        firstJunction.TryGetValue(index, out var controlled) ? controlled
        : _junctions.TryGetValue(s.Id, out var j) ? j
        : throw s.Place.Error("id", "controls no connection and names no junction");

    private bool Uncontrolled(SumoJunctionRecord j, int index, Dictionary<int, int> firstSignal) =>
        j.Kind == JunctionKind.TrafficLight && !firstSignal.ContainsKey(index) && !_signals.ContainsKey(j.Id);

    private int? JunctionSignal(SumoJunctionRecord j, int index, Dictionary<int, int> firstSignal) =>
        j.Kind != JunctionKind.TrafficLight ? null
        : firstSignal.TryGetValue(index, out var controlled) ? controlled
        : _signals[j.Id]; // one of the two holds: Uncontrolled says so
}
