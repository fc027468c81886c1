namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A SUMO &lt;vTypeDistribution&gt;: member vTypes with weights (their <c>probability</c>, or the distribution's
/// <c>probabilities</c>; 1 each when absent, normalised as SUMO does). A vehicle naming the distribution as its type
/// draws one member, each vehicle of a flow its own, from the reader's seeded generator.
/// </summary>
internal sealed class SumoTypeDistribution(string id, XmlPlace place)
{
    /// <summary>SUMO accepts any non-negative weight; past this a file is not describing traffic.</summary>
    public static readonly Bound Weight = Bound.Between(0, 1e9, "a vType probability", "");

    private readonly List<int> _members = [];
    private readonly List<double> _cumulative = [];

    public string Id { get; } = id;
    public XmlPlace Place { get; } = place;

    public void Add(int type, double weight)
    {
        _members.Add(type);
        _cumulative.Add((_cumulative.Count == 0 ? 0 : _cumulative[^1]) + weight);
    }

    /// <exception cref="TrafficImportException">No member, or weights that sum to nothing.</exception>
    public void Check()
    {
        if (_members.Count == 0) throw Place.Error(null, "has no vType (give child <vType> elements or the vTypes attribute)");
        if (_cumulative[^1] <= 0) throw Place.Error("probability", "of every member is 0: a vehicle of this distribution could have no type");
    }

    /// <summary>One member, in proportion to its weight.</summary>
    public int Draw(Random random)
    {
        var x = random.NextDouble() * _cumulative[^1];
        var i = _cumulative.BinarySearch(x);
        i = i < 0 ? ~i : i + 1; // the first member whose cumulative weight is past x
        return _members[Math.Min(i, _members.Count - 1)];
    }
}
