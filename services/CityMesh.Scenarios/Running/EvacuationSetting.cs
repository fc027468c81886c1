using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Simulation.Epidemic;

namespace CityMesh.Scenarios.Running;

/// <summary>A shelter as an evacuation uses it: where it is on the plane, its places and its entrance's width.</summary>
internal sealed record ShelterSite(string Name, string Id, double X, double Y, int Capacity, double DoorWidth);

/// <summary>A road the flood cuts and when, in the evacuation's time (s from the warning).</summary>
internal sealed record RoadClosure(string Road, string Name, double Seconds);

/// <summary>
/// What every variant and member of an evacuation shares: the city, the flood run first (if any), the buildings of
/// the zone with their residents, the usable shelters (the city's the flood leaves dry, and the spec's extra ones)
/// and the roads the flood cuts with their times. The flood's files go to {results}/flood/.
/// </summary>
internal sealed record EvacuationSetting(EvacuationCity City, IReadOnlyList<ZoneBuilding> Zone, IReadOnlyList<ShelterSite> Shelters,
    IReadOnlyList<RoadClosure> Closures, FloodConsequences? Flood, string Description)
{
    public const string FloodDirectory = "flood";
    private const string Field = "spec.evacuation";

    public static EvacuationSetting Create(EvacuationSpec spec, ScenarioRunOptions options, ComputeSelection compute, Action<double, string>? progress, CancellationToken ct)
    {
        var city = EvacuationCity.Create(spec, options.City, spec.Cars.Share > 0);
        FloodConsequences? flood = null;
        if (spec.Flood is { } floodSpec)
        {
            double depth = spec.Zone?.Flood?.DepthMetres ?? floodSpec.FloodedDepthMetres;
            flood = RunFlood(floodSpec with { Twin = floodSpec.Twin ?? new FloodTwinSpec() }, city, options, compute, depth, progress, ct);
        }
        return Of(spec, city, flood);
    }

    /// <summary>The setting in <paramref name="city"/> with a flood already run over it (a compound's), or none.</summary>
    public static EvacuationSetting Of(EvacuationSpec spec, EvacuationCity city, FloodConsequences? flood)
    {
        var zone = ZoneOf(spec, city, flood);
        if (zone.Count == 0)
            throw new ScenarioInputException($"{Field}.zone", $"holds no building with residents ({city.Description}); residents live in residential buildings with a floor area.");
        var flooded = flood?.Sites.Where(s => s.Type == EntityTypes.Shelter).Select(s => s.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var shelters = city.Shelters.Where(s => !flooded.Contains(s.Id)).Select(s =>
        {
            var (x, y) = city.ToPlane(s.Location);
            int capacity = s.Capacity is { } c && c >= 0 ? (int)Math.Min(c, int.MaxValue) : spec.Twin?.ShelterCapacity ?? new EvacuationTwinSpec().ShelterCapacity;
            return new ShelterSite(s.Name, s.Id, x, y, capacity, spec.Walking.ShelterDoorWidth);
        }).ToList();
        shelters.AddRange(Extra(spec.ExtraShelters, city, spec.Walking, $"{Field}.extraShelters", shelters));
        var closures = (flood?.RoadsCut ?? []).Select(r => new RoadClosure(r.Id, r.Name, r.ClosesAtSeconds + 60 * spec.FloodLeadMinutes)).ToList();
        string description = $"{city.Description}; {zone.Count:N0} buildings with {zone.Sum(b => b.People):N0} residents in the zone; {shelters.Count} shelters with {shelters.Sum(s => (long)s.Capacity):N0} places"
            + (flooded.Count > 0 ? $" ({flooded.Count} flooded shelters left out)" : "")
            + (flood is null ? "" : $"; the flood reaches {flood.BuildingsFlooded:N0} buildings and cuts {flood.RoadsCut.Count} roads");
        return new EvacuationSetting(city, zone, shelters, closures, flood, description);
    }

    /// <summary>Extra shelters on the plane, named uniquely among <paramref name="existing"/>.</summary>
    public static IEnumerable<ShelterSite> Extra(IReadOnlyList<ExtraShelterSpec> extras, EvacuationCity city, WalkingSpec walking, string field, IReadOnlyList<ShelterSite> existing)
    {
        var names = existing.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        for (int k = 0; k < extras.Count; k++)
        {
            var extra = extras[k];
            if (!names.Add(extra.Name)) throw new ScenarioInputException($"{field}[{k}].name", $"'{extra.Name}' is already a shelter's name.");
            var (x, y) = city.Place(extra.At, $"{field}[{k}].at");
            yield return new ShelterSite(extra.Name, extra.Name, x, y, extra.Capacity ?? 0, extra.DoorWidth ?? walking.ShelterDoorWidth);
        }
    }

    private static List<ZoneBuilding> ZoneOf(EvacuationSpec spec, EvacuationCity city, FloodConsequences? flood)
    {
        var zone = spec.Zone ?? throw new ScenarioInputException($"{Field}.zone", "required.");
        double perResident = spec.Twin?.FloorAreaPerResident ?? new EvacuationTwinSpec().FloorAreaPerResident;
        Func<string, double, double, bool> inside;
        if (zone.Flood is not null)
        {
            if (flood is null) throw new ScenarioInputException($"{Field}.flood", "required with zone.flood.");
            var reached = flood.Buildings.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
            inside = (id, _, _) => reached.Contains(id);
        }
        else
        {
            var area = EvacuationArea.Of(zone.Polygon, zone.Circle, city, $"{Field}.zone");
            inside = (_, x, y) => area.Contains(x, y);
        }
        var buildings = new List<ZoneBuilding>();
        foreach (var b in city.City.Buildings)
        {
            var (x, y) = city.ToPlane(b.Location);
            int people = CityPopulation.Residents(new CityBuilding(x, y, b.Usage, b.FloorArea), perResident);
            if (people > 0 && inside(b.Id, x, y)) buildings.Add(new ZoneBuilding(b.Id, x, y, people));
        }
        return buildings;
    }

    /// <summary>The flood over the evacuation's city; its errors named under <paramref name="field"/>; its map and consequences written to {results}/flood/.</summary>
    internal static FloodConsequences RunFlood(FloodSpec flood, EvacuationCity city, ScenarioRunOptions options, ComputeSelection compute, double depth,
        Action<double, string>? progress, CancellationToken ct, string field = $"{Field}.flood")
    {
        try
        {
            var (ground, result, consequences) = FloodRunner.Simulate(flood, field, city.City, options.Inputs, compute, depth,
                f => progress?.Invoke(f, "flood"), ct);
            string directory = Path.Combine(options.ResultsDirectory, FloodDirectory);
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, FloodRunner.MapFile), FloodMap.Png(ground.Grid, result.MaxDepth, depth));
            File.WriteAllText(Path.Combine(directory, FloodRunner.ConsequencesFile), JsonSerializer.Serialize(new
            {
                roadsCut = consequences.RoadsCut, sites = consequences.Sites, consequences.BuildingsFlooded, consequences.PeopleAffected,
                ground = ground.Description, balance = result.Balance, result.Steps, result.SimulatedSeconds,
            }, ScenarioJson.Indented));
            return consequences;
        }
        catch (ScenarioInputException e) when (e.Field.StartsWith("spec.flood", StringComparison.Ordinal))
        {
            throw new ScenarioInputException($"{field}{e.Field["spec.flood".Length..]}", e.Detail, e);
        }
    }
}
