namespace CityMesh.Simulation.Epidemic;

/// <summary>A building of the city as the population is drawn: its centre on a local plane (metres), its use and floor area (m²).</summary>
public readonly record struct CityBuilding(double X, double Y, string Usage, double FloorArea);

/// <summary>How a population is drawn from a city's buildings.</summary>
public sealed record CityPopulationOptions
{
    /// <summary>Households, ages, school attendance, employment, work team size and the layers' rates (its school and community sizes are not used: the city's schools and neighbourhoods decide those).</summary>
    public SyntheticPopulationOptions People { get; init; } = new();

    /// <summary>Residential floor area per resident, m² (China's urban average is about 40; a dense district less).</summary>
    public double FloorAreaPerResident { get; init; } = 35;

    /// <summary>Floor area per job by building use, m² (planning densities: offices dense, industry sparse); other uses have none.</summary>
    public IReadOnlyDictionary<string, double> FloorAreaPerJob { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["office"] = 15, ["commercial"] = 30, ["industrial"] = 60, ["school"] = 60,
    };

    /// <summary>The side of a neighbourhood (the community layer's group): homes in one square of the grid meet there.</summary>
    public double NeighbourhoodMetres { get; init; } = 500;

    public IEnumerable<string> Problems()
    {
        if (!(FloorAreaPerResident > 0) || double.IsInfinity(FloorAreaPerResident)) yield return $"floorAreaPerResident must be a finite number > 0, not {FloorAreaPerResident}";
        if (!(NeighbourhoodMetres > 0) || double.IsInfinity(NeighbourhoodMetres)) yield return $"neighbourhoodMetres must be a finite number > 0, not {NeighbourhoodMetres}";
        foreach (var (usage, area) in FloorAreaPerJob)
            if (!(area > 0) || double.IsInfinity(area)) yield return $"floorAreaPerJob.{usage} must be a finite number > 0, not {area}";
    }
}

/// <summary>What a city's population came to: people, where they live, learn and work, and each hospital's catchment.</summary>
public sealed record CityPopulationSummary(int Residents, int Households, int Homes, int Pupils, int Schools, int Workers, int Workplaces,
    int Neighbourhoods, IReadOnlyList<int> CatchmentResidents);

/// <summary>
/// A <see cref="Population"/> from a city's buildings: residents in residential buildings by floor area, in
/// households drawn as <see cref="SyntheticPopulation"/> draws them (the same sizes, ages and draws, so the two differ
/// only in where people are); pupils at the school building nearest home (its catchment); workers at a workplace
/// chosen in proportion to the jobs its floor area holds, in teams of the work team size; neighbourhoods as squares of
/// a grid; and every resident admitted, when ill, to the hospital nearest home.
/// </summary>
public static class CityPopulation
{
    public const string Residential = "residential", School = "school";

    /// <param name="hospitals">Where the hospitals are (same plane); empty: beds are counted for the city only.</param>
    public static (Population Population, CityPopulationSummary Summary) Create(IReadOnlyList<CityBuilding> buildings,
        IReadOnlyList<(double X, double Y)> hospitals, CityPopulationOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(hospitals);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));

        // Residents per home, and the first resident of each, so a home's people are consecutive agents.
        var homes = buildings.Where(b => b.Usage == Residential && b.FloorArea > 0).ToArray();
        var firstOf = new int[homes.Length + 1];
        for (int h = 0; h < homes.Length; h++) firstOf[h + 1] = firstOf[h] + Residents(homes[h], options.FloorAreaPerResident);
        int agents = firstOf[^1];
        if (agents == 0)
            throw new ArgumentException($"the city has no residents: {homes.Length} residential buildings with floor area at {options.FloorAreaPerResident} m² each", nameof(buildings));

        var people = SyntheticPopulation.People(agents, options.People, seed);
        var homeOf = HomeOfEachHousehold(people, firstOf);
        var schools = buildings.Where(b => b.Usage == School).ToArray();
        var schoolOfHome = homes.Select(h => Nearest(h.X, h.Y, schools.Select(s => (s.X, s.Y)).ToArray())).ToArray();
        var hospitalOfHome = homes.Select(h => Nearest(h.X, h.Y, hospitals)).ToArray();
        var (neighbourhoodOfHome, neighbourhoods) = Neighbourhoods(homes, options.NeighbourhoodMetres);
        var jobs = Workplaces(buildings, options);

        var school = new int[agents];
        var work = new int[agents];
        var community = new int[agents];
        var hospital = hospitals.Count > 0 ? new int[agents] : null;
        var catchment = new int[hospitals.Count];
        int pupils = 0, workers = 0;
        for (int i = 0; i < agents; i++)
        {
            int home = homeOf[people.HouseholdOf[i]];
            byte band = people.AgeBand[i];
            school[i] = schoolOfHome[home] >= 0 && SyntheticPopulation.Goes(seed, i, work: false, SyntheticPopulation.SchoolChance(band, options.People))
                ? schoolOfHome[home] : -1;
            work[i] = jobs.Count > 0 && SyntheticPopulation.Goes(seed, i, work: true, SyntheticPopulation.WorkChance(band, options.People))
                ? jobs.Team(SyntheticPopulation.Where(seed, i, work: true), SyntheticPopulation.Where(seed, i, work: true, draw: 2)) : -1;
            community[i] = neighbourhoodOfHome[home];
            if (school[i] >= 0) pupils++;
            if (work[i] >= 0) workers++;
            if (hospital is null) continue;
            hospital[i] = hospitalOfHome[home];
            catchment[hospital[i]]++;
        }
        var p = options.People;
        var population = new Population(people.AgeBand,
        [
            new ContactLayer(ContactLayer.Household, p.HouseholdBeta, people.Count, people.HouseholdOf),
            new ContactLayer(ContactLayer.School, p.SchoolBeta, schools.Length, school),
            new ContactLayer(ContactLayer.Work, p.WorkBeta, jobs.Teams, work),
            new ContactLayer(ContactLayer.Community, p.CommunityBeta, neighbourhoods, community),
        ], hospital, hospitals.Count);
        return (population, new CityPopulationSummary(agents, people.Count, homes.Length, pupils,
            schools.Length, workers, jobs.Teams, neighbourhoods, catchment));
    }

    /// <summary>The residents of a building: its floor area over the area per resident, rounded; none unless it is residential.</summary>
    public static int Residents(CityBuilding building, double floorAreaPerResident) =>
        building.Usage == Residential && building.FloorArea > 0 ? (int)Math.Round(building.FloorArea / floorAreaPerResident) : 0;

    /// <summary>A household lives in the home its first member's place falls in (households are consecutive, homes are ranges).</summary>
    private static int[] HomeOfEachHousehold(Households people, int[] firstOf)
    {
        var homeOf = new int[people.Count];
        int home = 0;
        for (int i = 0; i < people.HouseholdOf.Length; i++)
        {
            if (i > 0 && people.HouseholdOf[i] == people.HouseholdOf[i - 1]) continue;
            while (i >= firstOf[home + 1]) home++;
            homeOf[people.HouseholdOf[i]] = home;
        }
        return homeOf;
    }

    /// <summary>Index of the place nearest (x, y), or −1 when there is none.</summary>
    private static int Nearest(double x, double y, IReadOnlyList<(double X, double Y)> places)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int k = 0; k < places.Count; k++)
        {
            double dx = places[k].X - x, dy = places[k].Y - y, d = dx * dx + dy * dy;
            if (d < bestDistance) (best, bestDistance) = (k, d);
        }
        return best;
    }

    /// <summary>Homes in one square of the grid share a neighbourhood; squares without homes get none.</summary>
    private static (int[] NeighbourhoodOfHome, int Count) Neighbourhoods(CityBuilding[] homes, double side)
    {
        var index = new Dictionary<(long, long), int>();
        var of = new int[homes.Length];
        for (int h = 0; h < homes.Length; h++)
        {
            var square = ((long)Math.Floor(homes[h].X / side), (long)Math.Floor(homes[h].Y / side));
            if (!index.TryGetValue(square, out int n)) index[square] = n = index.Count;
            of[h] = n;
        }
        return (of, index.Count);
    }

    private static Jobs Workplaces(IReadOnlyList<CityBuilding> buildings, CityPopulationOptions options)
    {
        var cumulative = new List<double>();
        var firstTeam = new List<int> { 0 };
        double total = 0;
        int teamSize = Math.Max(1, options.People.WorkplaceSize);
        foreach (var b in buildings)
        {
            if (!options.FloorAreaPerJob.TryGetValue(b.Usage, out double perJob) || !(b.FloorArea > 0)) continue;
            double jobs = b.FloorArea / perJob;
            cumulative.Add(total += jobs);
            firstTeam.Add(firstTeam[^1] + Math.Max(1, (int)Math.Round(jobs / teamSize)));
        }
        return new Jobs([.. cumulative], [.. firstTeam]);
    }

    /// <summary>The city's workplaces: one draw picks one in proportion to its jobs (the cumulative jobs), another one of its teams.</summary>
    private sealed record Jobs(double[] Cumulative, int[] FirstTeam)
    {
        public int Count => Cumulative.Length;
        public int Teams => FirstTeam[^1];

        public int Team(uint workplace, uint team)
        {
            double u = workplace / 4294967296.0 * Cumulative[^1];
            int place = Array.BinarySearch(Cumulative, u);
            place = place < 0 ? ~place : place;
            place = Math.Min(place, Cumulative.Length - 1);
            int teams = FirstTeam[place + 1] - FirstTeam[place];
            return FirstTeam[place] + (int)(team % (uint)teams);
        }
    }
}
