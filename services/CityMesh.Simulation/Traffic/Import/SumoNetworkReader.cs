using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads a SUMO network (.net.xml, as written by netconvert/netgenerate 1.15) into a <see cref="TrafficNetwork"/>.
/// Internal edges (the paths across junctions) are not edges of the model; their lengths become each connection's
/// Via. Pedestrian crossings and walking areas are dropped; lanes keep their vehicle-class permissions (allow/disallow). Every number is
/// held to <see cref="ImportBounds"/>, every id must be unique and every reference resolve.
/// </summary>
public static class SumoNetworkReader
{
    /// <param name="limits">Bounds on the file's size; the defaults when null.</param>
    /// <param name="additional">
    /// Additional files (SUMO's <c>-a</c>): their tlLogic programmes are the ones that run, the last loaded for a light
    /// as in SUMO; their other elements are the demand's (<see cref="SumoRoutesReader"/>).
    /// </param>
    public static TrafficNetwork Read(string path, InputLimits? limits = null, IReadOnlyList<string>? additional = null)
    {
        var file = new SumoNetworkFile();
        using (var xml = new XmlElementReader(path, limits ?? InputLimits.Default))
        {
            if (!xml.NextElement() || xml.Element != "net")
                throw new TrafficImportException(path, $"line {xml.Line}: expected a SUMO network, whose root element is <net>");
            file.Load(xml);
        }
        foreach (var add in additional ?? [])
        {
            using var xml = new XmlElementReader(add, limits ?? InputLimits.Default);
            if (!xml.NextElement() || xml.Element is not ("additional" or "add" or "routes"))
                throw new TrafficImportException(add, $"line {xml.Line}: expected a SUMO additional file, whose root element is <additional>");
            file.LoadPrograms(xml);
        }
        return new SumoNetworkBuilder(file).Build();
    }
}

/// <summary>The records of one pass over a .net.xml, in file order.</summary>
internal sealed class SumoNetworkFile
{
    public List<SumoEdgeRecord> Edges { get; } = [];
    public List<SumoJunctionRecord> Junctions { get; } = [];
    public List<SumoConnectionRecord> Connections { get; } = [];
    public List<SumoSignalRecord> Signals { get; } = [];

    /// <summary>Lengths of internal lanes by id, for connections' Via.</summary>
    public Dictionary<string, double> InternalLaneLengths { get; } = new(StringComparer.Ordinal);

    /// <summary>Speed limits of internal lanes by id, for connections' ViaSpeed (a turn is slower than the road).</summary>
    public Dictionary<string, double> InternalLaneSpeeds { get; } = new(StringComparer.Ordinal);

    /// <summary>Internal lane → the next internal lane (a left turn waits half-way on a second one).</summary>
    public Dictionary<string, string> InternalLaneNext { get; } = new(StringComparer.Ordinal);

    /// <summary>Edges of the file that are not edges of the model (internal, crossing, walking area).</summary>
    public HashSet<string> SkippedEdges { get; } = new(StringComparer.Ordinal);

    /// <summary>Every lane id of the file, internal ones included: SUMO's lane ids share one namespace.</summary>
    public HashSet<string> LaneIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Each traffic light's programmes by programID, to refuse a programme defined twice.</summary>
    private readonly HashSet<(string Light, string Program)> _programs = [];

    /// <summary>The internal lanes a connection crosses, from its via lane to the end of the chain.</summary>
    public IEnumerable<string> ViaChain(string? via)
    {
        for (var lane = via; lane is not null; lane = InternalLaneNext.GetValueOrDefault(lane)) yield return lane;
    }

    public void Load(XmlElementReader xml)
    {
        SumoEdgeRecord? edge = null;
        string? internalEdge = null;
        SumoJunctionRecord? junction = null;
        SumoSignalRecord? signal = null;
        while (xml.NextElement())
        {
            if (xml.Depth == 1) (edge, internalEdge, junction, signal) = (null, null, null, null);
            switch (xml.Element)
            {
                case "edge" when xml.Depth == 1:
                    var id = xml.RequiredName("id");
                    if (xml.Optional("function") is "internal" or "crossing" or "walkingarea")
                    {
                        if (!SkippedEdges.Add(id)) throw xml.Error("id", "is a duplicate edge id");
                        internalEdge = id;
                    }
                    else
                    {
                        edge = new SumoEdgeRecord(id, xml.RequiredName("from"), xml.RequiredName("to"), xml.OptionalInt("priority") ?? 0, [], xml.Place);
                        Edges.Add(edge);
                    }
                    break;
                case "lane" when internalEdge is not null:
                    var internalLane = LaneId(xml);
                    InternalLaneLengths[internalLane] = xml.RequiredDouble("length", ImportBounds.InternalLaneLength);
                    InternalLaneSpeeds[internalLane] = xml.RequiredDouble("speed", ImportBounds.Speed);
                    break;
                case "lane" when edge is not null:
                    if (edge.Lanes.Count == ImportBounds.LanesPerEdge) throw xml.Place.Error(null, $"is one lane too many: an edge has at most {ImportBounds.LanesPerEdge}");
                    edge.Lanes.Add(new SumoLaneRecord(LaneId(xml), xml.RequiredInt("index"), xml.RequiredDouble("length", ImportBounds.LaneLength),
                        xml.RequiredDouble("speed", ImportBounds.Speed), SumoShape.Parse(xml, "shape", xml.Required("shape")), SumoVocabulary.Permissions(xml),
                        xml.OptionalDouble("width", Lane.DefaultWidth, ImportBounds.LaneWidth), xml.Place));
                    break;
                case "tlLogic" when xml.Depth == 1:
                    signal = new SumoSignalRecord(xml.RequiredName("id"), xml.OptionalDouble("offset", 0, ImportBounds.Offset), [], xml.Place);
                    if (!_programs.Add((signal.Id, xml.Optional("programID") ?? "")))
                        throw xml.Error("programID", $"'{TrafficImportException.Quote(xml.Optional("programID") ?? "")}' is defined twice for traffic light '{TrafficImportException.Quote(signal.Id)}'");
                    // A file may carry several programmes for one light; the first is the one that runs.
                    if (Signals.TrueForAll(s => s.Id != signal.Id)) Signals.Add(signal);
                    break;
                case "phase" when signal is not null:
                    signal.Phases.Add(new SignalPhase(xml.RequiredDouble("duration", ImportBounds.PhaseDuration), SumoVocabulary.SignalState(xml, xml.Required("state"))));
                    break;
                case "junction" when xml.Depth == 1:
                    LoadJunction(xml, out junction);
                    break;
                case "request" when junction is not null:
                    var index = xml.RequiredInt("index");
                    if (!junction.Requests.TryAdd(index, new SumoRequestRecord(index, xml.Required("response"), xml.Place)))
                        throw xml.Error("index", $"{index} is given twice at junction '{TrafficImportException.Quote(junction.Id)}'");
                    break;
                case "connection" when xml.Depth == 1:
                    LoadConnection(xml);
                    break;
            }
        }
    }

    /// <summary>An additional file's traffic-light programmes: each replaces the one its light ran (the last loaded runs).</summary>
    public void LoadPrograms(XmlElementReader xml)
    {
        SumoSignalRecord? signal = null;
        while (xml.NextElement())
        {
            if (xml.Depth == 1) signal = null;
            switch (xml.Element)
            {
                case "tlLogic" when xml.Depth == 1:
                    signal = new SumoSignalRecord(xml.RequiredName("id"), xml.OptionalDouble("offset", 0, ImportBounds.Offset), [], xml.Place);
                    if (!_programs.Add((signal.Id, xml.Optional("programID") ?? "")))
                        throw xml.Error("programID", $"'{TrafficImportException.Quote(xml.Optional("programID") ?? "")}' is defined twice for traffic light '{TrafficImportException.Quote(signal.Id)}'");
                    var held = Signals.FindIndex(s => s.Id == signal.Id);
                    if (held < 0) throw xml.Error("id", $"names traffic light '{TrafficImportException.Quote(signal.Id)}', which the network does not have");
                    Signals[held] = signal;
                    break;
                case "phase" when signal is not null:
                    signal.Phases.Add(new SignalPhase(xml.RequiredDouble("duration", ImportBounds.PhaseDuration), SumoVocabulary.SignalState(xml, xml.Required("state"))));
                    break;
            }
        }
    }

    private string LaneId(XmlElementReader xml)
    {
        var id = xml.RequiredName("id");
        return LaneIds.Add(id) ? id : throw xml.Error("id", "is a duplicate lane id");
    }

    private void LoadJunction(XmlElementReader xml, out SumoJunctionRecord? junction)
    {
        junction = null;
        var id = xml.RequiredName("id");
        if (SumoVocabulary.JunctionKind(xml, xml.Required("type")) is not { } kind) return;
        var incoming = (xml.Optional("incLanes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var internalLanes = (xml.Optional("intLanes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        junction = new SumoJunctionRecord(id, kind, new Point2(xml.RequiredDouble("x", ImportBounds.Coordinate), xml.RequiredDouble("y", ImportBounds.Coordinate)), incoming, internalLanes, [], xml.Place);
        Junctions.Add(junction);
    }

    private void LoadConnection(XmlElementReader xml)
    {
        var from = xml.RequiredName("from");
        var fromLane = xml.RequiredInt("fromLane");
        var via = xml.Optional("via");
        if (SkippedEdges.Contains(from))
        {
            // Internal connections only tell how a path across a junction continues.
            if (via is not null) InternalLaneNext[$"{from}_{fromLane}"] = via;
            return;
        }
        Connections.Add(new SumoConnectionRecord(from, xml.RequiredName("to"), fromLane, xml.RequiredInt("toLane"), via,
            xml.Optional("tl"), xml.OptionalInt("linkIndex"), SumoVocabulary.Turn(xml, xml.Required("dir")),
            SumoVocabulary.IsMajor(SumoVocabulary.LinkState(xml, xml.Required("state"))), xml.Place));
    }
}
