using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// One pass over a .rou.xml. A vehicle or flow may carry its route as a child element, so it is finished when the
/// next top-level element (or the end of the file) arrives. Types and named routes must be defined before use, as
/// SUMO requires.
/// </summary>
internal sealed class SumoDemandFile(TrafficNetwork network, Random random)
{
    private readonly RouteResolver _routes = new(network);
    private readonly Dictionary<string, int> _typeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamedRoute> _namedRoutes = new(StringComparer.Ordinal);
    private PendingVehicle? _pending;

    public List<VehicleType> Types { get; } = [];
    public List<Trip> Trips { get; } = [];

    public void Load(XmlElementReader xml)
    {
        while (xml.NextElement())
        {
            if (xml.Depth == 1)
            {
                Finish();
                switch (xml.Element)
                {
                    case "vType":
                        var type = SumoVehicleTypeReader.Read(xml);
                        if (!_typeIndex.TryAdd(type.Id, Types.Count)) throw xml.Error("id", "is a duplicate vType id");
                        Types.Add(type);
                        break;
                    case "route":
                        var id = xml.Required("id");
                        var place = xml.Place;
                        var edges = _routes.Edges(xml.Required("edges"), problem => place.Error("edges", problem));
                        if (!_namedRoutes.TryAdd(id, new NamedRoute(edges, place))) throw xml.Error("id", "is a duplicate route id");
                        break;
                    case "vehicle" or "trip" or "flow":
                        _pending = Begin(xml);
                        break;
                    case "param":
                        break;
                    default:
                        throw xml.Place.Error(null, "is not supported (vType, route, vehicle, trip and flow are)");
                }
            }
            else if (xml.Depth == 2 && _pending is not null)
            {
                switch (xml.Element)
                {
                    case "route" when _pending.Route is null && _pending.Kind != "trip":
                        var place = xml.Place;
                        _pending.Route = _routes.Edges(xml.Required("edges"), problem => place.Error("edges", problem));
                        _pending.Unchecked = true;
                        _pending.RoutePlace = place;
                        break;
                    case "param":
                        break;
                    default:
                        throw xml.Place.Error(null, $"inside <{_pending.Kind}> is not supported");
                }
            }
        }
        Finish();
    }

    /// <summary>What a vehicle, trip or flow says about itself; its route may still follow as a child.</summary>
    private sealed class PendingVehicle
    {
        public required string Kind { get; init; }
        public required string Id { get; init; }
        public required XmlPlace Place { get; init; }
        public required int Type { get; init; }
        public required List<double> Departures { get; init; }
        public required string? DepartLane { get; init; }
        public required double? DepartSpeed { get; init; }
        public int[]? Route { get; set; }
        /// <summary>Whether the route still needs its connectivity checked (a listed route, not a found one).</summary>
        public bool Unchecked { get; set; }
        public XmlPlace RoutePlace { get; set; }
    }

    private sealed record NamedRoute(int[] Edges, XmlPlace Place)
    {
        public bool Checked { get; set; }
    }

    private PendingVehicle Begin(XmlElementReader xml)
    {
        var kind = xml.Element;
        var place = xml.Place;
        var id = xml.Required("id");
        var departures = kind == "flow" ? SumoFlowSchedule.Departures(xml, random) : [SumoDeparture.Time(xml, "depart", xml.Required("depart"))];
        int[]? route = null;
        if (xml.Optional("route") is { } routeId)
        {
            if (!_namedRoutes.TryGetValue(routeId, out var named)) throw xml.Error("route", $"names route '{routeId}', which is not defined before it");
            if (!named.Checked)
            {
                _routes.CheckConnected(named.Edges, problem => place.Error("route", $"'{routeId}' (line {named.Place.Line}) {problem}"));
                named.Checked = true;
            }
            route = named.Edges;
        }
        else if (xml.Optional("from") is { } from)
        {
            // A trip (or a flow of them) is routed once: every vehicle of a flow takes the same fastest path.
            var waypoints = new List<int> { _routes.Edge(from, problem => place.Error("from", problem)) };
            foreach (var via in (xml.Optional("via") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                waypoints.Add(_routes.Edge(via, problem => place.Error("via", problem)));
            waypoints.Add(_routes.Edge(xml.Required("to"), problem => place.Error("to", problem)));
            route = _routes.Through(waypoints, problem => place.Error("to", problem));
        }
        else if (kind == "trip") throw xml.Error("from", "is missing (a trip needs from and to)");

        return new PendingVehicle
        {
            Kind = kind, Id = id, Place = place, Type = TypeOf(xml), Departures = departures,
            DepartLane = xml.Optional("departLane"), DepartSpeed = SumoDeparture.Speed(xml, xml.Optional("departSpeed")), Route = route,
        };
    }

    private int TypeOf(XmlElementReader xml)
    {
        var id = xml.Optional("type") ?? VehicleType.DefaultCar.Id;
        if (_typeIndex.TryGetValue(id, out var index)) return index;
        if (id != VehicleType.DefaultCar.Id) throw xml.Error("type", $"names vType '{id}', which is not defined before it");
        _typeIndex[id] = Types.Count;
        Types.Add(VehicleType.DefaultCar);
        return Types.Count - 1;
    }

    /// <summary>Emits the pending vehicle's trips once its route is complete.</summary>
    private void Finish()
    {
        if (_pending is not { } v) return;
        _pending = null;
        if (v.Route is null) throw v.Place.Error("route", "is missing, and there is no from/to nor a child <route>");
        if (v.Unchecked)
            _routes.CheckConnected(v.Route, problem => v.RoutePlace.Error("edges", $"of {v.Kind} '{v.Id}' {problem}"));
        var lane = SumoDeparture.Lane(v.Place, v.DepartLane, network.Edges[v.Route[0]].Lanes.Count);
        if (v.Kind != "flow")
        {
            Trips.Add(new Trip(v.Id, v.Type, v.Departures[0], v.Route, lane, v.DepartSpeed));
            return;
        }
        // SUMO names a flow's vehicles flowId.0, flowId.1, ...; they share one route array.
        for (var i = 0; i < v.Departures.Count; i++)
            Trips.Add(new Trip($"{v.Id}.{i}", v.Type, v.Departures[i], v.Route, lane, v.DepartSpeed));
    }
}
