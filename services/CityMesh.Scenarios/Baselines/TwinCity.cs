using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Running;
using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Baselines;

/// <summary>A building of the twin: where it is, its use (Smart Data Models' usage) and floor area (m²).</summary>
/// <param name="Footprint">Its outline's exterior ring where the twin holds a polygon (a flood's walls); null: a point.</param>
public sealed record TwinBuilding(string Id, Position Location, string Usage, double FloorArea, IReadOnlyList<Position>? Footprint = null);

/// <summary>A road segment of the twin and its centre line.</summary>
public sealed record TwinRoad(string Id, string Name, IReadOnlyList<Position> Line);

/// <summary>A critical site of the twin (a shelter or a substation) by its location; a shelter's places where the twin gives them.</summary>
public sealed record TwinSite(string Id, string Name, string Type, Position Location, double? Capacity = null);

/// <summary>A hospital of the twin and its beds by type.</summary>
public sealed record TwinHospital(string Id, string Name, Position Location, int GeneralBeds, int IcuBeds, int PaediatricBeds);

/// <summary>
/// A city's buildings and hospitals as read from its twin for one run, the input of a population drawn from the city
/// (an epidemic's <c>spec.epidemic.twin</c>), and for a flood (<c>spec.flood.twin</c>) also its roads, shelters and
/// substations. Read once, before the run, so every member meets the same city.
/// </summary>
public sealed record TwinCity(Uri Twin, string City, IReadOnlyList<TwinBuilding> Buildings, IReadOnlyList<TwinHospital> Hospitals)
{
    public const string Field = "spec.epidemic.twin", FloodField = "spec.flood.twin", EvacuationField = "spec.evacuation.twin";

    /// <summary>Road segments with a line; empty unless read for a flood.</summary>
    public IReadOnlyList<TwinRoad> Roads { get; init; } = [];

    /// <summary>Shelters, substations and secondary substations (feeders' busbars); empty unless read for a flood.</summary>
    public IReadOnlyList<TwinSite> Sites { get; init; } = [];

    /// <summary>
    /// Ambulance stations; empty unless read for a flood. Apart from <see cref="Sites"/>, so a flood's critical sites stay
    /// what the flood kind and the live chain report; a compound adds them to the sites it floods.
    /// </summary>
    public IReadOnlyList<TwinSite> AmbulanceStations { get; init; } = [];

    /// <summary>The road network as a CityFlow roadnet (TwinRoadnet), for cars; null unless asked for.</summary>
    public System.Text.Json.Nodes.JsonObject? Network { get; init; }

    /// <param name="reader">A client of the twin at <paramref name="twin"/> with the caller's credentials.</param>
    /// <param name="forFlood">Also read roads, shelters and substations, and need no residents (a flood can meet an empty city).</param>
    /// <param name="field">The spec field errors name; default: the flood's or the epidemic's twin.</param>
    /// <param name="withNetwork">Also read the road network (intersections, movements, signals) for cars.</param>
    public static async Task<TwinCity> ReadAsync(TwinReaderClient reader, Uri twin, string city, CancellationToken ct, bool forFlood = false,
        string? field = null, bool withNetwork = false)
    {
        field ??= forFlood ? FloodField : Field;
        var input = new TwinInput(reader, twin, field);
        var buildings = new List<TwinBuilding>();
        int unplaced = 0;
        foreach (var json in await input.ReadAllAsync(EntityTypes.Building, city, ct))
        {
            var entity = new NgsiEntity(json);
            var location = entity.Location;
            if (location?.Anchor is not { } at) { unplaced++; continue; }
            var footprint = location switch
            {
                Polygon p => p.Rings[0],
                MultiPolygon m when m.Polygons.Length > 0 => m.Polygons[0][0],
                _ => null,
            };
            buildings.Add(new TwinBuilding(entity.Id, at, entity.TextOrNull("usage") ?? "", entity.NumberOrNull("floorArea") ?? 0, footprint));
        }
        var hospitals = new List<TwinHospital>();
        foreach (var json in await input.ReadAllAsync(EntityTypes.Hospital, city, ct))
        {
            var entity = new NgsiEntity(json);
            if (entity.Location?.Anchor is not { } at) { unplaced++; continue; }
            int Beds(string attribute) => (int)Math.Max(0, entity.NumberOrNull(attribute) ?? 0);
            // A hospital that reports only its total is all general beds.
            int general = entity.NumberOrNull("generalBeds") is null ? Beds("bedCapacity") : Beds("generalBeds");
            hospitals.Add(new TwinHospital(entity.Id, entity.TextOrNull("name") ?? entity.Id, at, general, Beds("icuBeds"), Beds("paediatricBeds")));
        }
        hospitals.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        if (forFlood)
            return new TwinCity(twin, city, buildings, hospitals)
            {
                Roads = await RoadsAsync(input, city, ct), Sites = await SitesAsync(input, city, [EntityTypes.Shelter, EntityTypes.Substation, EntityTypes.BusbarSection], ct),
                AmbulanceStations = await SitesAsync(input, city, [EntityTypes.AmbulanceStation], ct),
                Network = withNetwork ? await NetworkAsync(input, twin, city, field, ct) : null,
            };
        if (!buildings.Any(b => b.Usage == Simulation.Epidemic.CityPopulation.Residential && b.FloorArea > 0))
            throw new ScenarioInputException(Field, $"the twin at {twin} holds no residential building with a floor area for city '{city}' "
                + $"({buildings.Count} buildings, {unplaced} entities without a location): there is no one to simulate");
        return new TwinCity(twin, city, buildings, hospitals);
    }

    private static async Task<IReadOnlyList<TwinRoad>> RoadsAsync(TwinInput input, string city, CancellationToken ct)
    {
        var roads = new List<TwinRoad>();
        foreach (var json in await input.ReadAllAsync(EntityTypes.RoadSegment, city, ct))
        {
            var entity = new NgsiEntity(json);
            // A road is cut where its line crosses deep water: a segment without a line cannot be checked.
            var line = entity.Location switch
            {
                LineString l => l.Coordinates,
                MultiLineString m => m.Lines.SelectMany(l => l).ToArray(),
                _ => null,
            };
            if (line is { Length: >= 2 }) roads.Add(new TwinRoad(entity.Id, entity.TextOrNull("name") ?? entity.Id, line));
        }
        return roads.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    private static async Task<IReadOnlyList<TwinSite>> SitesAsync(TwinInput input, string city, IReadOnlyList<string> types, CancellationToken ct)
    {
        var sites = new List<TwinSite>();
        foreach (string type in types)
            foreach (var json in await input.ReadAllAsync(type, city, ct))
            {
                var entity = new NgsiEntity(json);
                // Of the busbars, the secondary substations along the feeders (a kiosk at street level); a primary
                // substation's own busbars stand with it and are counted as it.
                if (type == EntityTypes.BusbarSection && entity.ObjectOrNull("refFeeder") is null) continue;
                if (entity.Location?.Anchor is { } at) sites.Add(new TwinSite(entity.Id, entity.TextOrNull("name") ?? entity.Id, type, at, entity.NumberOrNull("capacity")));
            }
        return sites.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> NetworkAsync(TwinInput input, Uri twin, string city, string field, CancellationToken ct)
    {
        var entities = await input.ReadTrafficAsync(city, ct);
        try
        {
            return CityMesh.Twin.Client.Traffic.TwinRoadnet.ToCityFlow(entities);
        }
        catch (TwinDataException e)
        {
            throw new ScenarioInputException(field, $"the twin at {twin} holds no road network cars can drive: {e.Message}", e);
        }
    }

    /// <summary>
    /// The buildings and hospitals on a plane in metres around the buildings' mean position (a local tangent plane:
    /// within a metre at city scale), as the population is drawn.
    /// </summary>
    public (IReadOnlyList<Simulation.Epidemic.CityBuilding> Buildings, IReadOnlyList<(double X, double Y)> Hospitals) OnPlane()
    {
        var plane = new LocalTangentPlane(Buildings.Average(b => b.Location.Latitude), Buildings.Average(b => b.Location.Longitude));
        var buildings = Buildings.Select(b =>
        {
            var (x, y) = plane.ToLocal(b.Location);
            return new Simulation.Epidemic.CityBuilding(x, y, b.Usage, b.FloorArea);
        }).ToList();
        var hospitals = Hospitals.Select(h => plane.ToLocal(h.Location)).Select(p => (p.East, p.North)).ToList();
        return (buildings, hospitals);
    }
}
