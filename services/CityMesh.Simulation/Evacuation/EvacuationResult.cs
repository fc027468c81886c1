namespace CityMesh.Simulation.Evacuation;

/// <summary>
/// A shelter's occupancy at each sample against its capacity (everyone in it), the part of it that came by other
/// means (<see cref="ShelterArrival"/>), and the people it turned away when full: walkers (who went on) and others.
/// </summary>
public sealed record ShelterLoad(string Name, int Capacity, IReadOnlyList<int> Occupancy, int TurnedAway)
{
    public IReadOnlyList<int> Others { get; init; } = [];

    public int OthersTurnedAway { get; init; }

    public int Peak => Occupancy.Count == 0 ? 0 : Occupancy.Max();
}

/// <summary>
/// A link's crowding over the run: its peak density (persons/m², walkers and those in line over its area), the
/// seconds it spent at or above the crowded density, and how many people left it.
/// </summary>
public sealed record LinkLoad(int Link, string Road, double PeakDensity, double CrowdedSeconds, long Passed);

/// <summary>
/// What an evacuation came to: the people and where they ended, the clearance times (when 90 % and all of them were
/// in a shelter; null when that never happened within the run), each shelter's occupancy over time, each link's
/// crowding, and the counts at each sample.
/// </summary>
public sealed record EvacuationResult(
    int People, PersonCounts Final, double? Clearance90Seconds, double? Clearance100Seconds,
    IReadOnlyList<double> SampleSeconds, IReadOnlyList<PersonCounts> Samples, IReadOnlyList<ShelterLoad> Shelters, IReadOnlyList<LinkLoad> Links,
    long Steps, double SimulatedSeconds, double WallSeconds, long PersonSteps)
{
    /// <summary>When each sheltered walker got in, s, earliest first.</summary>
    public IReadOnlyList<double> Arrivals { get; init; } = [];

    /// <summary>Each <see cref="ShelterArrival"/> handled, in time order, with how many of its people got in.</summary>
    public IReadOnlyList<(ShelterArrival Arrival, int Admitted)> OtherArrivals { get; init; } = [];

    /// <summary>People who reached no shelter: cut off, or still at home, walking or in line when the run ended.</summary>
    public int NotReached => Final.Stranded + Final.Moving;

    /// <summary>The links that stayed crowded longest (ties: the denser first), at most <paramref name="count"/>.</summary>
    public IReadOnlyList<LinkLoad> Bottlenecks(int count) =>
        Links.Where(l => l.CrowdedSeconds > 0).OrderByDescending(l => l.CrowdedSeconds).ThenByDescending(l => l.PeakDensity).ThenBy(l => l.Link).Take(count).ToList();
}
