using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// One pass over a .rou.xml. A vehicle or flow may carry its route as a child element, so it is finished when the
/// next top-level element (or the end of the file) arrives. Types, named routes and distributions of either must be
/// defined before use, as SUMO requires; a vehicle naming a distribution draws its member (each vehicle of a flow its
/// own). Vehicles, trips and flows share one id namespace. Every vehicle is counted against
/// <see cref="InputLimits.VehiclesPerSimulation"/> as its element is read, flows by arithmetic before they expand.
/// </summary>
internal sealed class SumoDemandFile(TrafficNetwork network, Random random, InputLimits limits)
{
    private readonly RouteResolver _routes = new(network);
    private readonly Dictionary<string, int> _typeIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NamedRoute> _namedRoutes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, XmlPlace> _singleVehicles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _flowVehicles = new(StringComparer.Ordinal);
    private readonly VehicleBudget _budget = new(limits);
    private readonly Dictionary<string, SumoDistribution<int>> _distributions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SumoDistribution<NamedRoute>> _routeDistributions = new(StringComparer.Ordinal);
    private PendingVehicle? _pending;
    private SumoDistribution<int>? _distribution;
    /// <summary>The &lt;routeDistribution&gt; being read, top-level or inside the pending vehicle.</summary>
    private SumoDistribution<NamedRoute>? _routeDistribution;

    private const int MaxVias = 1000;

    public List<VehicleType> Types { get; } = [];
    public List<Trip> Trips { get; } = [];

    /// <summary>
    /// Elements of an additional file that watch traffic or belong to the network (tlLogic, read by
    /// <see cref="SumoNetworkReader"/>): the demand has nothing to take from them.
    /// </summary>
    private static readonly HashSet<string> NotDemand = new(StringComparer.Ordinal)
    {
        "tlLogic", "e1Detector", "inductionLoop", "e2Detector", "laneAreaDetector", "e3Detector", "entryExitDetector",
        "instantInductionLoop", "edgeData", "laneData", "poly", "poi", "location",
    };

    /// <param name="additional">An additional file (SUMO's -a): its elements that are not demand are passed over.</param>
    public void Load(XmlElementReader xml, bool additional = false)
    {
        var skipping = false;
        while (xml.NextElement())
        {
            if (xml.Depth == 1)
            {
                Finish();
                skipping = additional && NotDemand.Contains(xml.Element);
                if (skipping) continue;
                switch (xml.Element)
                {
                    case "vType":
                        AddType(xml);
                        break;
                    case "vTypeDistribution":
                        _distribution = BeginDistribution(xml);
                        break;
                    case "route":
                        AddRoute(xml);
                        break;
                    case "routeDistribution":
                        _routeDistribution = BeginRouteDistribution(xml);
                        break;
                    case "vehicle" or "trip" or "flow":
                        _pending = Begin(xml);
                        break;
                    case "param":
                        break;
                    default:
                        throw xml.Place.Error(null, additional
                            ? "is not supported in an additional file (vType, vTypeDistribution, route, routeDistribution, vehicle, trip, flow, tlLogic and detectors are)"
                            : "is not supported (vType, vTypeDistribution, route, routeDistribution, vehicle, trip and flow are)");
                }
            }
            else if (skipping) continue;
            else if (xml.Depth == 2 && _distribution is not null)
            {
                switch (xml.Element)
                {
                    case "vType":
                        var weight = xml.OptionalDouble("probability", 1, ImportBounds.Probability);
                        _distribution.Add(AddType(xml), weight);
                        break;
                    case "param":
                        break;
                    default:
                        throw xml.Place.Error(null, "inside <vTypeDistribution> is not supported (vType is)");
                }
            }
            else if (xml.Depth == 2 && _routeDistribution is not null && _pending is null)
            {
                AddRouteMember(xml);
            }
            else if (xml.Depth == 2 && _pending is not null)
            {
                var routeFree = _pending.Route is null && _pending.Waypoints is null && _pending.RouteChoice is null && _pending.Kind != "trip";
                switch (xml.Element)
                {
                    case "route" when routeFree:
                        var place = xml.Place;
                        _pending.Route = _routes.Edges(xml.Required("edges"), problem => place.Error("edges", problem));
                        _pending.RoutePlace = place;
                        break;
                    case "routeDistribution" when routeFree:
                        // duarouter's alternatives: the vehicle draws one of its own routes by their probabilities.
                        _pending.RouteChoice = _routeDistribution = new SumoDistribution<NamedRoute>($"{_pending.Id}'s routeDistribution", xml.Place, "route");
                        break;
                    case "param":
                        break;
                    default:
                        throw xml.Place.Error(null, $"inside <{_pending.Kind}> is not supported");
                }
            }
            else if (xml.Depth == 3 && _pending?.RouteChoice is not null && ReferenceEquals(_routeDistribution, _pending.RouteChoice))
            {
                AddRouteMember(xml);
            }
        }
        Finish();
        CheckFlowNames();
    }

    /// <summary>A named route, top-level or a distribution's member; routes and route distributions share one namespace.</summary>
    private NamedRoute AddRoute(XmlElementReader xml)
    {
        var id = xml.RequiredName("id");
        var place = xml.Place;
        var edges = _routes.Edges(xml.Required("edges"), problem => place.Error("edges", problem));
        var route = new NamedRoute(id, edges, place, xml.OptionalDouble("probability", 1, ImportBounds.Probability));
        if (_routeDistributions.ContainsKey(id) || !_namedRoutes.TryAdd(id, route)) throw xml.Error("id", "is a duplicate route id");
        return route;
    }

    /// <summary>A route distribution; its members follow as children, or are named by its routes attribute (with probabilities).</summary>
    private SumoDistribution<NamedRoute> BeginRouteDistribution(XmlElementReader xml)
    {
        var distribution = new SumoDistribution<NamedRoute>(xml.RequiredName("id"), xml.Place, "route");
        if (_namedRoutes.ContainsKey(distribution.Id) || !_routeDistributions.TryAdd(distribution.Id, distribution))
            throw xml.Error("id", "is a duplicate route id");
        if (xml.Optional("routes") is not { } names) return distribution;
        var members = names.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var weights = (xml.Optional("probabilities") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (weights.Length != 0 && weights.Length != members.Length)
            throw xml.Error("probabilities", $"gives {weights.Length} weights for {members.Length} routes");
        for (var i = 0; i < members.Length; i++)
        {
            var route = _namedRoutes.GetValueOrDefault(members[i])
                        ?? throw xml.Error("routes", $"names route '{TrafficImportException.Quote(members[i])}', which is not defined before it");
            distribution.Add(route, weights.Length == 0 ? route.Probability : xml.InBound("probabilities", weights[i], ImportBounds.Probability));
        }
        return distribution;
    }

    /// <summary>
    /// A &lt;route&gt; inside a route distribution: a new route (named, so others may use it, or unnamed, as duarouter
    /// writes a vehicle's alternatives), or <c>refId</c> naming one defined before, each with its probability.
    /// </summary>
    private void AddRouteMember(XmlElementReader xml)
    {
        var distribution = _routeDistribution!;
        switch (xml.Element)
        {
            case "route" when xml.Optional("refId") is { } refId:
                var referred = _namedRoutes.GetValueOrDefault(refId)
                               ?? throw xml.Error("refId", $"names route '{TrafficImportException.Quote(refId)}', which is not defined before it");
                distribution.Add(referred, xml.OptionalDouble("probability", referred.Probability, ImportBounds.Probability));
                break;
            case "route" when xml.Optional("id") is null:
                var place = xml.Place;
                var edges = _routes.Edges(xml.Required("edges"), problem => place.Error("edges", problem));
                var own = new NamedRoute($"{distribution.Id} #{place.Line}", edges, place, xml.OptionalDouble("probability", 1, ImportBounds.Probability));
                distribution.Add(own, own.Probability);
                break;
            case "route":
                var route = AddRoute(xml);
                distribution.Add(route, route.Probability);
                break;
            case "param":
                break;
            default:
                throw xml.Place.Error(null, "inside <routeDistribution> is not supported (route is)");
        }
    }

    /// <summary>A vType, top-level or a distribution's member; types and distributions share one namespace.</summary>
    private int AddType(XmlElementReader xml)
    {
        var type = SumoVehicleTypeReader.Read(xml);
        if (_distributions.ContainsKey(type.Id) || !_typeIndex.TryAdd(type.Id, Types.Count)) throw xml.Error("id", "is a duplicate vType id");
        Types.Add(type);
        return Types.Count - 1;
    }

    /// <summary>A distribution; its members follow as children, or are named by vTypes (with probabilities).</summary>
    private SumoDistribution<int> BeginDistribution(XmlElementReader xml)
    {
        var distribution = new SumoDistribution<int>(xml.RequiredName("id"), xml.Place, "vType");
        if (_typeIndex.ContainsKey(distribution.Id) || !_distributions.TryAdd(distribution.Id, distribution))
            throw xml.Error("id", "is a duplicate vType id");
        if (xml.Optional("vTypes") is not { } names) return distribution;
        var members = names.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var weights = (xml.Optional("probabilities") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (weights.Length != 0 && weights.Length != members.Length)
            throw xml.Error("probabilities", $"gives {weights.Length} weights for {members.Length} vTypes");
        for (var i = 0; i < members.Length; i++)
        {
            if (!_typeIndex.TryGetValue(members[i], out var index))
                throw xml.Error("vTypes", $"names vType '{TrafficImportException.Quote(members[i])}', which is not defined before it");
            distribution.Add(index, weights.Length == 0 ? 1 : xml.InBound("probabilities", weights[i], ImportBounds.Probability));
        }
        return distribution;
    }

    /// <summary>A vehicle or trip may not take the name SUMO gives a flow's vehicle (flowId.0, flowId.1, ...).</summary>
    private void CheckFlowNames()
    {
        foreach (var (id, place) in _singleVehicles)
        {
            var dot = id.LastIndexOf('.');
            if (dot <= 0 || !_flowVehicles.TryGetValue(id[..dot], out var made)) continue;
            var number = id[(dot + 1)..];
            if (int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n < made && number == n.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw place.Error("id", $"is also the name of vehicle {n} of flow '{TrafficImportException.Quote(id[..dot])}'");
        }
    }

    /// <summary>What a vehicle, trip or flow says about itself; its route may still follow as a child.</summary>
    private sealed class PendingVehicle
    {
        public required string Kind { get; init; }
        public required string Id { get; init; }
        public required XmlPlace Place { get; init; }
        public required int Type { get; init; }
        /// <summary>When the type names a distribution: each vehicle draws its type from it.</summary>
        public required SumoDistribution<int>? Distribution { get; init; }
        /// <summary>The vehicle's or trip's one departure; null for a flow.</summary>
        public required double? Depart { get; init; }
        public required SumoFlowSchedule? Flow { get; init; }
        public required string? DepartLane { get; init; }
        public required double? DepartSpeed { get; init; }
        public required SumoLanePosition? DepartPos { get; init; }
        public required SumoLanePosition? ArrivalPos { get; init; }
        /// <summary>A listed route (named, or a child &lt;route&gt;); null for a trip routed from its waypoints.</summary>
        public int[]? Route { get; set; }
        public required NamedRoute? Named { get; init; }
        /// <summary>A route distribution, named or the vehicle's own: each vehicle draws its route from it.</summary>
        public SumoDistribution<NamedRoute>? RouteChoice { get; set; }
        /// <summary>The vehicle classes every member of <see cref="RouteChoice"/> has been checked for.</summary>
        public HashSet<uint> ChoiceCheckedFor { get; } = [];
        /// <summary>from, vias and to of a trip, routed for each vehicle class it carries.</summary>
        public required List<int>? Waypoints { get; init; }
        public XmlPlace RoutePlace { get; set; }
        /// <summary>The route each vehicle class takes, checked or found for it.</summary>
        public Dictionary<uint, int[]> Routes { get; } = [];
    }

    /// <summary>A named route, its weight where a distribution takes it, and the vehicle classes it has been checked for.</summary>
    private sealed record NamedRoute(string Id, int[] Edges, XmlPlace Place, double Probability)
    {
        public HashSet<uint> CheckedFor { get; } = [];
    }

    private PendingVehicle Begin(XmlElementReader xml)
    {
        var kind = xml.Element;
        var place = xml.Place;
        var id = xml.RequiredName("id");
        if (!_ids.Add(id)) throw xml.Error("id", "is a duplicate id (vehicles, trips and flows share one namespace)");
        if (kind != "flow") _singleVehicles[id] = place;
        var flow = kind == "flow" ? SumoFlowSchedule.Read(xml) : null;
        double? depart = flow is null ? SumoDeparture.Time(xml, "depart", xml.Required("depart")) : null;
        if (_budget.Add(flow?.Vehicles ?? 1, many: flow is not null) is { } problem) throw place.Error(null, problem);
        int[]? route = null;
        NamedRoute? named = null;
        SumoDistribution<NamedRoute>? routeChoice = null;
        List<int>? waypoints = null;
        if (xml.Optional("route") is { } routeId)
        {
            routeChoice = _routeDistributions.GetValueOrDefault(routeId);
            named = routeChoice is not null ? null
                : _namedRoutes.GetValueOrDefault(routeId) ?? throw xml.Error("route", $"names route '{TrafficImportException.Quote(routeId)}', which is not defined before it");
            route = named?.Edges;
        }
        else if (xml.Optional("from") is { } from)
        {
            // A trip (or a flow of them) is routed once per vehicle class: every vehicle of a flow takes the same fastest path.
            waypoints = [_routes.Edge(from, problem => place.Error("from", problem))];
            var vias = (xml.Optional("via") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Each via is one more shortest-path search; a route through a thousand places is already no trip.
            if (vias.Length > MaxVias) throw xml.Error("via", $"lists {vias.Length:N0} edges; a trip may pass at most {MaxVias:N0}");
            foreach (var via in vias) waypoints.Add(_routes.Edge(via, problem => place.Error("via", problem)));
            waypoints.Add(_routes.Edge(xml.Required("to"), problem => place.Error("to", problem)));
        }
        else if (kind == "trip") throw xml.Error("from", "is missing (a trip needs from and to)");

        return new PendingVehicle
        {
            Kind = kind, Id = id, Place = place, Type = TypeOf(xml, out var distribution), Distribution = distribution, Depart = depart, Flow = flow,
            DepartLane = xml.Optional("departLane"), DepartSpeed = SumoDeparture.Speed(xml, xml.Optional("departSpeed")), Route = route,
            DepartPos = SumoDeparture.Position(xml, "departPos"), ArrivalPos = SumoDeparture.Position(xml, "arrivalPos"),
            Named = named, RouteChoice = routeChoice, Waypoints = waypoints,
        };
    }

    private int TypeOf(XmlElementReader xml, out SumoDistribution<int>? distribution)
    {
        var id = xml.Optional("type") ?? VehicleType.DefaultCar.Id;
        distribution = _distributions.GetValueOrDefault(id);
        if (distribution is not null) return -1;
        if (_typeIndex.TryGetValue(id, out var index)) return index;
        if (id != VehicleType.DefaultCar.Id) throw xml.Error("type", $"names vType '{TrafficImportException.Quote(id)}', which is not defined before it");
        _typeIndex[id] = Types.Count;
        Types.Add(VehicleType.DefaultCar);
        return Types.Count - 1;
    }

    /// <summary>Emits the pending vehicle's trips once its route is complete.</summary>
    private void Finish()
    {
        _distribution?.Check();
        _distribution = null;
        _routeDistribution?.Check();
        _routeDistribution = null;
        if (_pending is not { } v) return;
        _pending = null;
        if (v.Route is null && v.Waypoints is null && v.RouteChoice is null)
            throw v.Place.Error("route", "is missing, and there is no from/to nor a child <route> or <routeDistribution>");
        if (v.Flow is null)
        {
            var type = v.Distribution?.Draw(random) ?? v.Type;
            Trips.Add(Made(v, v.Id, type, v.Depart!.Value));
            return;
        }
        // The vehicles counted for the flow are already in the total; a probability flow may draw more by chance, and a
        // periodic one make one more where the end falls on a rounding boundary.
        _budget.Settle(v.Flow.Vehicles, 0);
        var departures = v.Flow.Departures(random, _budget.Remaining) ?? throw v.Place.Error(null, $"makes {_budget.Over}");
        _budget.Settle(0, departures.Count);
        _flowVehicles[v.Id] = departures.Count;
        // SUMO names a flow's vehicles flowId.0, flowId.1, ...; vehicles of one class share one route array.
        for (var i = 0; i < departures.Count; i++)
        {
            var type = v.Distribution?.Draw(random) ?? v.Type;
            Trips.Add(Made(v, $"{v.Id}.{i}", type, departures[i]));
        }
    }

    /// <summary>One vehicle of the pending element: its route for its class (drawn, where it names a distribution), departure lane, positions and speed.</summary>
    private Trip Made(PendingVehicle v, string id, int type, double depart)
    {
        var vehicleClass = Types[type].Class;
        // Every member, not only those drawn: whether a file is refused must not depend on the seed.
        if (v.RouteChoice is { } distribution && v.ChoiceCheckedFor.Add(vehicleClass))
            foreach (var member in distribution.Members) CheckConnected(v, member, vehicleClass);
        var drawn = v.RouteChoice?.Draw(random);
        var firstEdge = network.Edges[drawn?.Edges[0] ?? v.Route?[0] ?? v.Waypoints![0]];
        var (lane, choice) = SumoDeparture.Lane(v.Place, v.DepartLane, network, firstEdge, vehicleClass, random);
        var route = drawn is not null ? Checked(v, drawn, vehicleClass, lane) : RouteFor(v, type, lane);
        return Positioned(v, new Trip(id, type, depart, route, lane, v.DepartSpeed, LaneChoice: choice));
    }

    /// <summary>The trip with its departPos and arrivalPos placed on its first and last edges (random ones drawn for each vehicle).</summary>
    private Trip Positioned(PendingVehicle v, Trip trip)
    {
        if (v.DepartPos is null && v.ArrivalPos is null) return trip;
        Edge first = network.Edges[trip.Route[0]], last = network.Edges[trip.Route[^1]];
        return trip with
        {
            DepartPos = v.DepartPos is { } depart ? SumoDeparture.Place(depart, first.Length, first.Id, random, v.Place) : null,
            ArrivalPos = v.ArrivalPos is { } arrival ? SumoDeparture.Place(arrival, last.Length, last.Id, random, v.Place) : null,
        };
    }

    /// <summary>
    /// The route a vehicle of <paramref name="type"/> takes: the listed one, checked once per vehicle class for lanes
    /// the class may use, or the fastest path through the trip's waypoints for that class; and its departLane must let
    /// the class on.
    /// </summary>
    private int[] RouteFor(PendingVehicle v, int type, int? lane)
    {
        var vehicleClass = Types[type].Class;
        if (v.Routes.TryGetValue(vehicleClass, out var route)) return route;
        if (v.Waypoints is { } waypoints)
        {
            route = _routes.Through(waypoints, vehicleClass, problem => v.Place.Error("to", problem));
        }
        else if (v.Named is { } named)
        {
            route = Checked(v, named, vehicleClass, lane);
        }
        else
        {
            route = v.Route!;
            _routes.CheckConnected(route, vehicleClass, problem => v.RoutePlace.Error("edges", $"of {v.Kind} '{TrafficImportException.Quote(v.Id)}' {problem}"));
            CheckDepartLane(v, route, vehicleClass, lane);
        }
        v.Routes[vehicleClass] = route;
        return route;
    }

    /// <summary>A named route (or a distribution's member) for a vehicle class: connected for it, and the departLane on it.</summary>
    private int[] Checked(PendingVehicle v, NamedRoute named, uint vehicleClass, int? lane)
    {
        CheckConnected(v, named, vehicleClass);
        CheckDepartLane(v, named.Edges, vehicleClass, lane);
        return named.Edges;
    }

    /// <summary>A named route connected over lanes the class may use; checked once per class.</summary>
    private void CheckConnected(PendingVehicle v, NamedRoute named, uint vehicleClass)
    {
        if (named.CheckedFor.Add(vehicleClass))
            _routes.CheckConnected(named.Edges, vehicleClass, problem => v.Place.Error("route", $"'{TrafficImportException.Quote(named.Id)}' (line {named.Place.Line}) {problem}"));
    }

    /// <summary>A departLane given by number must let the vehicle's class on.</summary>
    private void CheckDepartLane(PendingVehicle v, int[] route, uint vehicleClass, int? lane)
    {
        if (lane is { } index && !network.Lanes[network.Edges[route[0]].Lanes[index]].Allows(vehicleClass))
            throw v.Place.Error("departLane", $"is {index}, a lane of edge '{TrafficImportException.Quote(network.Edges[route[0]].Id)}' that vClass {VehicleClasses.Name(vehicleClass)} may not use");
    }
}
