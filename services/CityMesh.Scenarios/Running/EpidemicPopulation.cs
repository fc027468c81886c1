using System.Text.Json;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Epidemic;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// An epidemic scenario's people: synthetic (spec.epidemic.population), or drawn from the city's twin as read for the
/// run (spec.epidemic.twin), with each hospital's free beds. Drawn once from spec.seed for every member and variant.
/// </summary>
internal sealed record EpidemicPopulation(Population Population, IReadOnlyList<HospitalBeds> Hospitals, string Description)
{
    /// <summary>A population drawn from the twin is described in {results}/population.json.</summary>
    public const string FileName = "population.json";

    /// <summary>The description <see cref="Create"/> wrote; null when the population was synthetic.</summary>
    public static string? ReadDescription(string resultsDirectory)
    {
        string path = Path.Combine(resultsDirectory, FileName);
        if (!File.Exists(path)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("description", out var d) ? d.GetString() : null;
    }

    public static EpidemicPopulation Create(TwinScenarioSpec spec, EpidemicSpec epidemic, TwinCity? city, string resultsDirectory)
    {
        var people = Scaled(new SyntheticPopulationOptions(), epidemic.TransmissionScale);
        if (epidemic.Twin is not { } twin)
        {
            int count = epidemic.Population ?? EpidemicSpec.DefaultPopulation;
            return new(Guard("spec.epidemic", () => SyntheticPopulation.Create(count, people, (ulong)spec.Seed)), [],
                $"a synthetic population of {count:N0}");
        }
        if (city is null)
            throw new ScenarioInputException(TwinCity.Field,
                $"the population is the city's twin, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).");
        if (twin.HouseholdSizes.Count > 0) people = people with { HouseholdSizes = twin.HouseholdSizes };
        var options = new CityPopulationOptions { People = people, FloorAreaPerResident = twin.FloorAreaPerResident, NeighbourhoodMetres = twin.NeighbourhoodMetres };
        var (buildings, hospitalPlaces) = city.OnPlane();
        var (population, summary) = Guard(TwinCity.Field, () => CityPopulation.Create(buildings, hospitalPlaces, options, (ulong)spec.Seed));
        var hospitals = city.Hospitals.Select((h, k) => new HospitalBeds(h.Id, h.Name, h.GeneralBeds + h.PaediatricBeds, h.IcuBeds,
            Free(h.GeneralBeds + h.PaediatricBeds, twin.FreeBedShare), Free(h.IcuBeds, twin.FreeBedShare), summary.CatchmentResidents[k])).ToList();
        string description = $"{summary.Residents:N0} residents in {summary.Households:N0} households of {summary.Homes:N0} homes of the twin at {city.Twin}; "
            + $"{summary.Pupils:N0} pupils at {summary.Schools} schools, {summary.Workers:N0} workers in {summary.Workplaces:N0} teams, "
            + $"{summary.Neighbourhoods} neighbourhoods, {hospitals.Count} hospitals";
        Directory.CreateDirectory(resultsDirectory);
        File.WriteAllText(Path.Combine(resultsDirectory, FileName), JsonSerializer.Serialize(new
        {
            description, twin = city.Twin, city = city.City, buildings = city.Buildings.Count, summary.Residents, summary.Households, summary.Homes,
            summary.Pupils, summary.Schools, summary.Workers, summary.Workplaces, summary.Neighbourhoods, hospitals,
        }, ScenarioJson.Indented));
        return new(population, hospitals, description);
    }

    /// <summary>Every contact layer's rate times the spec's transmission scale.</summary>
    private static SyntheticPopulationOptions Scaled(SyntheticPopulationOptions o, double scale) => o with
    {
        HouseholdBeta = o.HouseholdBeta * scale, SchoolBeta = o.SchoolBeta * scale, WorkBeta = o.WorkBeta * scale, CommunityBeta = o.CommunityBeta * scale,
    };

    private static int Free(int beds, double share) => (int)Math.Floor(beds * share);

    /// <summary>The engine's argument errors (what the validator could not see), named by the spec field.</summary>
    private static T Guard<T>(string field, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException(field, e.Message.Split(" (Parameter")[0], e);
        }
    }
}

/// <summary>A hospital's beds for the outbreak: its ward (general and paediatric) and ICU beds, and those free for the outbreak's patients.</summary>
/// <param name="Catchment">Residents whose nearest hospital it is: where they are admitted.</param>
internal sealed record HospitalBeds(string Id, string Name, int WardBeds, int IcuBeds, int FreeWardBeds, int FreeIcuBeds, int Catchment);
