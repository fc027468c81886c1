using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Running;
using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Baselines;

/// <summary>A building of the twin: where it is, its use (Smart Data Models' usage) and floor area (m²).</summary>
public sealed record TwinBuilding(string Id, Position Location, string Usage, double FloorArea);

/// <summary>A hospital of the twin and its beds by type.</summary>
public sealed record TwinHospital(string Id, string Name, Position Location, int GeneralBeds, int IcuBeds, int PaediatricBeds);

/// <summary>
/// A city's buildings and hospitals as read from its twin for one run, the input of a population drawn from the city
/// (an epidemic's <c>spec.epidemic.twin</c>). Read once, before the run, so every member meets the same city.
/// </summary>
public sealed record TwinCity(Uri Twin, string City, IReadOnlyList<TwinBuilding> Buildings, IReadOnlyList<TwinHospital> Hospitals)
{
    public const string Field = "spec.epidemic.twin";

    /// <param name="reader">A client of the twin at <paramref name="twin"/> with the caller's credentials.</param>
    public static async Task<TwinCity> ReadAsync(TwinReaderClient reader, Uri twin, string city, CancellationToken ct)
    {
        var input = new TwinInput(reader, twin, Field);
        var buildings = new List<TwinBuilding>();
        int unplaced = 0;
        foreach (var json in await input.ReadAllAsync(EntityTypes.Building, city, ct))
        {
            var entity = new NgsiEntity(json);
            if (entity.Location?.Anchor is not { } at) { unplaced++; continue; }
            buildings.Add(new TwinBuilding(entity.Id, at, entity.TextOrNull("usage") ?? "", entity.NumberOrNull("floorArea") ?? 0));
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
        if (!buildings.Any(b => b.Usage == Simulation.Epidemic.CityPopulation.Residential && b.FloorArea > 0))
            throw new ScenarioInputException(Field, $"the twin at {twin} holds no residential building with a floor area for city '{city}' "
                + $"({buildings.Count} buildings, {unplaced} entities without a location): there is no one to simulate");
        return new TwinCity(twin, city, buildings, hospitals.OrderBy(h => h.Id, StringComparer.Ordinal).ToList());
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
