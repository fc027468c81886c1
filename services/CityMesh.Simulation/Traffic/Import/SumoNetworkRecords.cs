using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

// What one pass over a .net.xml collects before indices can be assigned: junctions follow edges in the file,
// so references are resolved afterwards, each record keeping its place for the error message.

internal sealed record SumoLaneRecord(string Id, int Index, double Length, double Speed, IReadOnlyList<Point2> Shape, uint Permissions, double Width, XmlPlace Place);

internal sealed record SumoEdgeRecord(string Id, string From, string To, int Priority, List<SumoLaneRecord> Lanes, XmlPlace Place);

internal sealed record SumoJunctionRecord(string Id, JunctionKind Kind, Point2 Position, IReadOnlyList<string> IncomingLanes, IReadOnlyList<string> InternalLanes, Dictionary<int, SumoRequestRecord> Requests, XmlPlace Place);

internal sealed record SumoConnectionRecord(
    string From, string To, int FromLane, int ToLane, string? Via, string? Signal, int? LinkIndex, Turn Turn, bool Major, XmlPlace Place);

internal sealed record SumoSignalRecord(string Id, double Offset, List<SignalPhase> Phases, XmlPlace Place);

internal sealed record SumoRequestRecord(int Index, string Response, XmlPlace Place);
