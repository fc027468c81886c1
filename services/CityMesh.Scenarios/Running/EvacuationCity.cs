using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// The city an evacuation runs in: the twin as read for the run, or a synthetic town; the plane its places are put
/// on (metres east and north of the buildings' mean position, as the flood's ground with a twin); and, for cars, its
/// road network with each twin road's edge.
/// </summary>
internal sealed class EvacuationCity
{
    private const string Field = "spec.evacuation";

    private EvacuationCity(TwinCity city, TrafficNetwork? network, string description)
    {
        City = city;
        Network = network;
        Description = description;
        Plane = new LocalTangentPlane(city.Buildings.Average(b => b.Location.Latitude), city.Buildings.Average(b => b.Location.Longitude));
        Roads = city.Roads.Select(r => (r.Id, Line: (IReadOnlyList<(double X, double Y)>)r.Line.Select(ToPlane).ToList())).ToList();
        Shelters = city.Sites.Where(s => s.Type == EntityTypes.Shelter).ToList();
    }

    public TwinCity City { get; }
    public LocalTangentPlane Plane { get; }
    public TrafficNetwork? Network { get; }
    public string Description { get; }

    /// <summary>The twin's roads on the plane.</summary>
    public IReadOnlyList<(string Id, IReadOnlyList<(double X, double Y)> Line)> Roads { get; }

    public IReadOnlyList<TwinSite> Shelters { get; }

    public static EvacuationCity Create(EvacuationSpec spec, TwinCity? twin, bool cars)
    {
        if (spec.Twin is null)
        {
            var (town, network, description) = SyntheticTown.Build(spec.Town ?? new SyntheticTownSpec());
            return new EvacuationCity(town, network, description);
        }
        if (twin is null)
            throw new ScenarioInputException(TwinCity.EvacuationField,
                $"the evacuation reads the city's twin, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).");
        if (twin.Buildings.Count == 0)
            throw new ScenarioInputException(TwinCity.EvacuationField, $"the twin at {twin.Twin} holds no building for city '{twin.City}': there is no one to evacuate.");
        if (twin.Roads.Count == 0)
            throw new ScenarioInputException(TwinCity.EvacuationField, $"the twin at {twin.Twin} holds no road with a line for city '{twin.City}': there is no way to walk.");
        TrafficNetwork? roads = null;
        if (cars)
        {
            if (twin.Network is null)
                throw new ScenarioInputException($"{Field}.cars.share", $"cars need the twin's road network, which was not read with the city (read it with withNetwork).");
            try
            {
                roads = CityFlowNetworkReader.Read(JsonSerializer.SerializeToElement(twin.Network), $"the twin at {twin.Twin}");
            }
            catch (TrafficImportException e)
            {
                throw new ScenarioInputException(TwinCity.EvacuationField, $"the twin's road network does not load: {e.Message}", e);
            }
        }
        return new EvacuationCity(twin, roads, $"the twin of {twin.City} at {twin.Twin}: {twin.Buildings.Count:N0} buildings, {twin.Roads.Count:N0} roads, "
            + $"{twin.Sites.Count(s => s.Type == EntityTypes.Shelter)} shelters");
    }

    public (double X, double Y) ToPlane(Position position) => Plane.ToLocal(position);

    /// <summary>A spec point on the plane: x/y as given, latitude/longitude through the plane. Errors name the field.</summary>
    public (double X, double Y) Place(EvacuationPointSpec? point, string field)
    {
        if (point is null) throw new ScenarioInputException(field, "required: x/y or latitude/longitude.");
        if (point.Latitude is { } lat)
            return Plane.ToLocal(new Position(point.Longitude ?? throw new ScenarioInputException($"{field}.longitude", "required with latitude."), lat));
        if (point.X is { } x) return (x, point.Y ?? throw new ScenarioInputException($"{field}.y", "required with x."));
        throw new ScenarioInputException(field, "required: x/y or latitude/longitude.");
    }

    /// <summary>A road named by its twin id or its local id (road_1_0_1): its twin id; errors name the field.</summary>
    public string Road(string name, string field)
    {
        foreach (var road in City.Roads)
            if (road.Id == name || Twin.Client.Traffic.TwinRoadnet.LocalId(road.Id, City.City) == name) return road.Id;
        throw new ScenarioInputException(field, $"no road '{name}' in the city (roads include {string.Join(", ", City.Roads.Take(4).Select(r => Twin.Client.Traffic.TwinRoadnet.LocalId(r.Id, City.City)))}).");
    }

    /// <summary>The edge of the road network a twin road is, or −1.</summary>
    public int Edge(TrafficNetwork network, string roadId) =>
        network.EdgeIndex.TryGetValue(Twin.Client.Traffic.TwinRoadnet.LocalId(roadId, City.City), out int e) ? e : network.EdgeIndex.GetValueOrDefault(roadId, -1);
}
