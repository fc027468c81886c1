using CityMesh.Simulation.Evacuation;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// One run of an evacuation, walkers and cars together, over everyone in the zone: the walk (in which the cars'
/// people took shelter places as their cars arrived), and the cars. Car people got in as far as places were left
/// when they came (those beyond are unsheltered); a car that has not arrived by the end leaves its people not reached.
/// </summary>
internal sealed class EvacuationOutcome
{
    public EvacuationOutcome(EvacuationVariant variant, int people, EvacuationResult walk, IReadOnlyList<EvacuationCar> cars, double[] carArrivals)
    {
        Variant = variant;
        People = people;
        Walk = walk;
        Cars = cars;
        CarArrivals = carArrivals;
        CarUnsheltered = walk.OtherArrivals.Sum(a => a.Arrival.People - a.Admitted);
        CarNotReached = cars.Where((car, c) => double.IsNaN(carArrivals[c])).Sum(car => car.People);
        var arrivals = walk.Arrivals.Concat(walk.OtherArrivals.SelectMany(a => Enumerable.Repeat(a.Arrival.Seconds, a.Admitted))).Order().ToArray();
        Sheltered = arrivals.Length;
        Clearance90 = Clearance(arrivals, 0.9);
        Clearance100 = Clearance(arrivals, 1.0);
    }

    public EvacuationVariant Variant { get; }
    public int People { get; }
    public EvacuationResult Walk { get; }
    public IReadOnlyList<EvacuationCar> Cars { get; }
    public double[] CarArrivals { get; }
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
