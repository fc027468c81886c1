using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Simulation.Epidemic;

/// <summary>
/// How a synthetic population is drawn: household sizes, ages in ten-year bands, who goes to school and to work,
/// group sizes per layer and each layer's transmission rate (per day, see <see cref="ContactLayer"/>).
/// </summary>
public sealed record SyntheticPopulationOptions
{
    /// <summary>Shares of households of 1, 2, 3, ... people (a European city's; normalised).</summary>
    public IReadOnlyList<double> HouseholdSizes { get; init; } = [0.34, 0.32, 0.15, 0.13, 0.04, 0.02];
    /// <summary>Shares of the bands 0–9, 10–19, ..., 80+ (normalised).</summary>
    public IReadOnlyList<double> AgeBands { get; init; } = [0.10, 0.10, 0.12, 0.13, 0.13, 0.14, 0.12, 0.10, 0.06];
    public double SchoolAttendance { get; init; } = 0.9;
    public double Employment { get; init; } = 0.7;
    public int SchoolSize { get; init; } = 500;
    public int WorkplaceSize { get; init; } = 20;
    /// <summary>People per community (a neighbourhood of consecutive households).</summary>
    public int CommunitySize { get; init; } = 2000;
    // Rates that give an R0 of about 2.5 with the default five infectious days.
    public double HouseholdBeta { get; init; } = 0.4;
    public double SchoolBeta { get; init; } = 0.3;
    public double WorkBeta { get; init; } = 0.2;
    public double CommunityBeta { get; init; } = 0.2;
}

/// <summary>Draws a <see cref="Population"/> with the four layers from a seed.</summary>
public static class SyntheticPopulation
{
    private const uint HouseholdStream = 10, AgeStream = 11, SchoolStream = 12, WorkStream = 13;

    public static Population Create(int agents, SyntheticPopulationOptions options, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ArgumentNullException.ThrowIfNull(options);
        var people = People(agents, options, seed);
        var age = people.AgeBand;
        var school = Assign(agents, seed, work: false, options.SchoolSize, i => SchoolChance(age[i], options), out int schools);
        var work = Assign(agents, seed, work: true, options.WorkplaceSize, i => WorkChance(age[i], options), out int workplaces);
        int perCommunity = Math.Max(1, options.CommunitySize);
        var community = Enumerable.Range(0, agents).Select(i => i / perCommunity).ToArray();
        return new Population(age,
        [
            new ContactLayer(ContactLayer.Household, options.HouseholdBeta, people.Count, people.HouseholdOf),
            new ContactLayer(ContactLayer.School, options.SchoolBeta, schools, school),
            new ContactLayer(ContactLayer.Work, options.WorkBeta, workplaces, work),
            new ContactLayer(ContactLayer.Community, options.CommunityBeta, (agents + perCommunity - 1) / perCommunity, community),
        ]);
    }

    /// <summary>Households of consecutive agents with sizes from the distribution, and ages, each with an adult first.</summary>
    internal static Households People(int agents, SyntheticPopulationOptions options, ulong seed)
    {
        var household = new int[agents];
        var age = new byte[agents];
        var sizes = Cumulative(options.HouseholdSizes, nameof(options.HouseholdSizes));
        var ages = Cumulative(options.AgeBands, nameof(options.AgeBands));
        var adults = Cumulative(options.AgeBands.Select((s, band) => band >= 2 ? s : 0).ToList(), nameof(options.AgeBands));
        int households = 0;
        for (int i = 0; i < agents;)
        {
            int size = 1 + Pick(sizes, Draw(seed, households, HouseholdStream));
            for (int m = 0; m < size && i < agents; m++, i++)
            {
                household[i] = households;
                // Every household has an adult: its first member.
                age[i] = (byte)Pick(m == 0 ? adults : ages, Draw(seed, i, AgeStream));
            }
            households++;
        }
        return new Households(household, age, households);
    }

    /// <summary>The chance a person of an age band goes to school: half the under-tens (the youngest are not yet there).</summary>
    internal static double SchoolChance(byte band, SyntheticPopulationOptions options) =>
        band switch { 0 => options.SchoolAttendance * 0.5, 1 => options.SchoolAttendance, _ => 0 };

    /// <summary>The chance a person of an age band works: 20–59, and fewer of the sixties.</summary>
    internal static double WorkChance(byte band, SyntheticPopulationOptions options) =>
        band is >= 2 and <= 5 ? options.Employment : band == 6 ? options.Employment * 0.4 : 0;

    /// <summary>Whether person <paramref name="agent"/> goes to school (or work: <paramref name="work"/>), by its own draw.</summary>
    internal static bool Goes(ulong seed, int agent, bool work, double chance) => Draw(seed, agent, work ? WorkStream : SchoolStream) < chance;

    /// <summary>Further draws for person <paramref name="agent"/> (1, 2, ...), for where it goes (which workplace, which team).</summary>
    internal static uint Where(ulong seed, int agent, bool work, int draw = 1) => CounterRandom.Uniform32(seed, agent, draw, work ? WorkStream : SchoolStream);

    /// <summary>A single well-mixed group of everyone: the textbook model the fidelity checks use.</summary>
    public static Population WellMixed(int agents, double beta) =>
        new(new byte[agents], [new ContactLayer(ContactLayer.Community, beta, 1, new int[agents])]);

    /// <summary>Members chosen with their chance go to groups of about <paramref name="groupSize"/>, at random.</summary>
    private static int[] Assign(int agents, ulong seed, bool work, int groupSize, Func<int, double> chance, out int groups)
    {
        var members = new List<int>();
        for (int i = 0; i < agents; i++)
            if (Goes(seed, i, work, chance(i))) members.Add(i);
        groups = members.Count == 0 ? 0 : Math.Max(1, (members.Count + groupSize / 2) / Math.Max(1, groupSize));
        var of = new int[agents];
        Array.Fill(of, -1);
        foreach (int i in members) of[i] = (int)(Where(seed, i, work) % (uint)groups);
        return of;
    }

    internal static double Draw(ulong seed, int item, uint stream) => CounterRandom.Uniform32(seed, item, 0, stream) / 4294967296.0;

    internal static double[] Cumulative(IReadOnlyList<double> shares, string name)
    {
        if (shares.Count == 0 || shares.Any(s => !(s >= 0) || double.IsInfinity(s)) || shares.Sum() <= 0)
            throw new ArgumentException($"{name}: shares must be finite, ≥ 0 and not all 0", name);
        double total = shares.Sum(), run = 0;
        return shares.Select(s => run += s / total).ToArray();
    }

    internal static int Pick(double[] cumulative, double u)
    {
        for (int k = 0; k < cumulative.Length; k++)
            if (u < cumulative[k]) return k;
        return cumulative.Length - 1;
    }
}

/// <summary>People in households: each agent's household (consecutive agents share one) and age band.</summary>
internal sealed record Households(int[] HouseholdOf, byte[] AgeBand, int Count);
