using CityMesh.Simulation.Evacuation;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// One run of an evacuation, walkers and cars together: who got into which shelter when, over everyone in the zone.
/// Car people get in when their car arrives, as far as the shelter's places go (those beyond are unsheltered); a car
/// that has not arrived by the end leaves its people not reached.
/// </summary>
internal sealed class EvacuationOutcome
{
    public EvacuationOutcome(EvacuationVariant variant, int people, EvacuationResult walk, IReadOnlyList<EvacuationCar> cars, double[] carArrivals, int[] walkCapacity)
    {
        Variant = variant;
        People = people;
        Walk = walk;
        Cars = cars;
        CarArrivals = carArrivals;
        var order = Enumerable.Range(0, cars.Count).Where(c => !double.IsNaN(carArrivals[c])).OrderBy(c => carArrivals[c]).ThenBy(c => c).ToList();
        var room = variant.Shelters.Select((s, k) => s.Capacity - walkCapacity[k]).ToArray();
        var admitted = new List<(double Seconds, int Shelter, int People)>();
        foreach (int c in order)
        {
            var car = cars[c];
            int inside = Math.Min(car.People, Math.Max(0, room[car.Shelter]));
            room[car.Shelter] -= inside;
            CarUnsheltered += car.People - inside;
            if (inside > 0) admitted.Add((carArrivals[c], car.Shelter, inside));
        }
        CarAdmissions = admitted;
        CarNotReached = cars.Where((car, c) => double.IsNaN(carArrivals[c])).Sum(car => car.People);
        var arrivals = walk.Arrivals.Concat(admitted.SelectMany(a => Enumerable.Repeat(a.Seconds, a.People))).Order().ToArray();
        Sheltered = arrivals.Length;
        Clearance90 = Clearance(arrivals, 0.9);
        Clearance100 = Clearance(arrivals, 1.0);
        // The walk's samples, carried on a minute apart while cars still arrive after the last walker.
        var times = walk.SampleSeconds.ToList();
        double last = admitted.Count == 0 ? 0 : admitted.Max(a => a.Seconds);
        while (times.Count > 0 && times[^1] < last) times.Add(Math.Min(last, times[^1] + SampleSeconds));
        SampleTimes = times;
        Shelters = variant.Shelters.Select((s, k) => times.Select((t, i) =>
            (Walked: walk.Shelters[k].Occupancy[Math.Min(i, walk.SampleSeconds.Count - 1)], Drove: admitted.Where(a => a.Shelter == k && a.Seconds <= t).Sum(a => a.People))).ToArray()).ToArray();
    }

    /// <summary>Seconds between the samples added for cars after the walk ended (the walk's own interval).</summary>
    public const double SampleSeconds = 60;

    /// <summary>When <see cref="Shelters"/> is sampled, s.</summary>
    public IReadOnlyList<double> SampleTimes { get; }

    public EvacuationVariant Variant { get; }
    public int People { get; }
    public EvacuationResult Walk { get; }
    public IReadOnlyList<EvacuationCar> Cars { get; }
    public double[] CarArrivals { get; }
    public IReadOnlyList<(double Seconds, int Shelter, int People)> CarAdmissions { get; }

    /// <summary>Per shelter, per sample of the walk: the people in it who walked and who drove.</summary>
    public (int Walked, int Drove)[][] Shelters { get; }

    public int Sheltered { get; }
    public int CarUnsheltered { get; }
    public int CarNotReached { get; }
    public double? Clearance90 { get; }
    public double? Clearance100 { get; }

    /// <summary>Not in a shelter and not turned away: cut off, or still at home, walking, in line or driving at the end.</summary>
    public int NotReached => Walk.NotReached + CarNotReached;

    public int Unsheltered => Walk.Final.Unsheltered + CarUnsheltered;

    private double? Clearance(double[] arrivals, double share)
    {
        int k = (int)Math.Ceiling(share * People - 1e-9);
        return k <= 0 ? 0 : arrivals.Length >= k ? arrivals[k - 1] : null;
    }
}
