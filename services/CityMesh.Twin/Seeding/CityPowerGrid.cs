using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation;
using CityMesh.Simulation.Energy.Synthetic;
using CityMesh.Simulation.Energy.Twin;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// The city's distribution grid under its streets (<see cref="StreetGrid"/>), laid from what the urban layout placed:
/// every substation's 10 kV network with a secondary substation every 100 m of street, each building, hospital and charger on its nearest secondary substation
/// (<c>refBusbarSection</c>), buses that supply a hospital or a shelter marked critical. Chargers for electric
/// vehicles are placed here too: two 50 kW rapid chargers at every fifth commercial building and a 22 kW charger at every
/// tenth residential one (by a hash of the building's id, so the city replays), planned at half their rating at the
/// peak (not every car charges at once).
/// </summary>
internal static class CityPowerGrid
{
    /// <summary>Metres between secondary substations along a street: a city centre's 100–200 m.</summary>
    public const double SecondarySpacing = 100;

    public static void AddTo(List<Entity> city, CityFlowRoadNetwork network, IGeoreference plane, string citySegment)
    {
        var substations = city.Where(e => e.Type == EntityTypes.Substation && e.Location is not null).ToList();
        if (substations.Count == 0) return;
        var streets = Street.From(network);
        var used = streets.SelectMany(s => new[] { s.StartIntersection, s.EndIntersection }).ToHashSet(StringComparer.Ordinal);
        var nodes = network.Intersections.Where(i => used.Contains(i.Id)).Select(i => new StreetNode(i.Id, i.Point.X, i.Point.Y)).ToList();
        var edges = new List<StreetEdge>();
        // A secondary substation about every SecondarySpacing metres along each street, the corners included.
        foreach (var street in streets)
        {
            var pieces = Math.Max(1, (int)Math.Round(street.Length / SecondarySpacing));
            var previous = street.StartIntersection;
            for (var j = 1; j <= pieces; j++)
            {
                var next = street.EndIntersection;
                if (j < pieces)
                {
                    var p = street.PointAt(street.Length * j / pieces);
                    next = $"{street.RoadId}@{j}";
                    nodes.Add(new StreetNode(next, p.X, p.Y));
                }
                edges.Add(new StreetEdge(previous, next, street.Length / pieces));
                previous = next;
            }
        }

        (double X, double Y) At(Entity e)
        {
            var ring = e.Location switch
            {
                Polygon p => p.Rings[0],
                _ => [e.Location!.Anchor],
            };
            var points = ring.Select(plane.ToPlane).ToList();
            return (points.Average(p => p.X), points.Average(p => p.Y));
        }
        string Local(string id) => NgsiElements.LocalId(id, EntityIds.TypeOf(id) ?? "", citySegment);
        double Number(Entity e, string name) => e.Properties.TryGetValue(name, out var p) && p.Value.IsNumber ? p.Value.Number : 0;
        string? Link(Entity e, string name) => e.Relationships.TryGetValue(name, out var r) ? r.Object : null;

        var supplies = substations.Select(s =>
        {
            var (x, y) = At(s);
            var name = s.Properties.TryGetValue("name", out var n) ? n.Value.Text ?? Local(s.Id) : Local(s.Id);
            return new SupplyPoint(Local(s.Id), name, x, y, Number(s, "capacity"));
        }).ToList();

        var sheltered = city.Where(e => e.Type == EntityTypes.Shelter).Select(e => Link(e, "refBuilding")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var chargers = new List<Entity>();
        var loads = new List<SupplyLoad>();
        foreach (var e in city)
        {
            if (e.Type is not (EntityTypes.Building or EntityTypes.Hospital) || e.Location is null || Link(e, "refSubstation") is not { } substation) continue;
            var (x, y) = At(e);
            // Hospitals carry their floor area; as the urban layout sizes substations, 50 W a square metre.
            var peak = e.Type == EntityTypes.Hospital ? Number(e, "floorArea") * 0.05 : Number(e, "peakDemand");
            loads.Add(new SupplyLoad(e.Id, Local(substation), x, y, peak, e.Type == EntityTypes.Hospital || sheltered.Contains(e.Id)));
            if (e.Type == EntityTypes.Building && ChargerAt(e) is { } rated)
            {
                var id = EntityIds.Create(EntityTypes.EVChargingStation, citySegment, $"ev-{Local(e.Id)}");
                loads.Add(new SupplyLoad(id, Local(substation), x, y, rated * 0.5, false));
                chargers.Add(new Entity
                {
                    Id = id,
                    Type = EntityTypes.EVChargingStation,
                    Location = new Point(plane.ToWgs84(x, y)),
                    Properties = new Dictionary<string, Property>(StringComparer.Ordinal)
                    {
                        ["name"] = new(TwinValue.Of($"Charging at {Local(e.Id)}")),
                        ["ratedPower"] = new(TwinValue.Of(rated), UnitCodes.Kilowatt),
                        ["capacity"] = new(TwinValue.Of(rated >= 100 ? 2 : 1)),
                        ["chargeType"] = new(TwinValue.Of(rated >= 100 ? "rapid" : "standard")),
                    },
                    Relationships = new Dictionary<string, Relationship>(StringComparer.Ordinal) { ["refBuilding"] = new(e.Id), ["refSubstation"] = new(substation) },
                });
            }
        }

        var layout = StreetGrid.Lay(nodes, edges, supplies, loads, (x, y) => plane.ToWgs84(x, y));
        // Substations are already in the city: the grid adds everything else, and links loads to their buses.
        var elements = Placed(GridEntities.Describe(layout.Grid).Where(e => e.Type != EntityTypes.Substation).ToList());
        var pvByBuilding = city.Where(e => e.Type == EntityTypes.PVSystem && Link(e, "refBuilding") is not null)
            .ToDictionary(e => e.Id, e => Link(e, "refBuilding")!, StringComparer.Ordinal);
        for (var i = 0; i < city.Count; i++)
        {
            var e = city[i];
            var supplied = e.Type == EntityTypes.PVSystem && pvByBuilding.TryGetValue(e.Id, out var building) ? building : e.Id;
            if (layout.BusOfLoad.TryGetValue(supplied, out var bus)) city[i] = WithBus(e, bus, citySegment);
        }
        foreach (var c in chargers)
            city.Add(layout.BusOfLoad.TryGetValue(c.Id, out var bus) ? WithBus(c, bus, citySegment) : c);
        foreach (var element in elements) city.Add(EntityDraft.From(element, citySegment).Build());
    }

    /// <summary>
    /// Every element placed, as every seeded entity is: a line, transformer or switch along the straight line between
    /// its buses; a feeder along its head cable (from its substation to the first bus it feeds).
    /// </summary>
    private static List<TwinElement> Placed(List<TwinElement> elements)
    {
        var at = elements.Where(e => e.Type == EntityTypes.BusbarSection && e.Location is Point)
            .ToDictionary(e => e.LocalId, e => ((Point)e.Location!).Coordinates, StringComparer.Ordinal);
        var heads = elements.Where(e => e.Type == EntityTypes.ACLineSegment).ToDictionary(e => e.LocalId, StringComparer.Ordinal);
        Geometry? Between(TwinElement e) =>
            e.Relationships.TryGetValue("startsAt", out var from) && e.Relationships.TryGetValue("endsAt", out var to)
            && at.TryGetValue(from.LocalId, out var a) && at.TryGetValue(to.LocalId, out var b)
                ? (a == b ? new Point(a) : new LineString([a, b]))
                : null;
        return [.. elements.Select(e => e.Location is not null ? e : e.Type switch
        {
            EntityTypes.Feeder when e.Relationships.TryGetValue("refACLineSegment", out var head) && heads.TryGetValue(head.LocalId, out var line) => e with { Location = Between(line) },
            _ => e with { Location = Between(e) },
        })];
    }

    /// <summary>The charger a building has, kW, or null: a hash of its id decides, so the same city gets the same chargers.</summary>
    private static double? ChargerAt(Entity building)
    {
        var usage = building.Properties.TryGetValue("usage", out var u) ? u.Value.Text : null;
        var draw = SeededRandom.Hash(building.Id) % 10;
        return usage switch
        {
            "commercial" when draw < 2 => 100,
            "residential" when draw == 0 => 22,
            _ => null,
        };
    }

    private static Entity WithBus(Entity e, string bus, string citySegment) => e with
    {
        Relationships = new Dictionary<string, Relationship>(e.Relationships, StringComparer.Ordinal)
        {
            ["refBusbarSection"] = new(EntityIds.Create(EntityTypes.BusbarSection, citySegment, bus)),
        },
    };
}
