namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A SUMO &lt;vTypeDistribution&gt; or &lt;routeDistribution&gt;: members with weights (their <c>probability</c>, or
/// the distribution's <c>probabilities</c>; 1 each when absent, normalised as SUMO does; <see cref="ImportBounds.Probability"/>). A vehicle naming the
/// distribution draws one member, each vehicle of a flow its own, from the reader's seeded generator.
/// </summary>
/// <param name="member">The members' element, for messages: vType or route.</param>
internal sealed class SumoDistribution<T>(string id, XmlPlace place, string member)
{
    private readonly List<T> _members = [];
    private readonly List<double> _cumulative = [];

    public string Id { get; } = id;
    public XmlPlace Place { get; } = place;

    public IReadOnlyList<T> Members => _members;

    public void Add(T item, double weight)
    {
        _members.Add(item);
        _cumulative.Add((_cumulative.Count == 0 ? 0 : _cumulative[^1]) + weight);
    }

    /// <exception cref="TrafficImportException">No member, or weights that sum to nothing.</exception>
    public void Check()
    {
        if (_members.Count == 0) throw Place.Error(null, $"has no {member} (give child <{member}> elements or the {member}s attribute)");
        if (_cumulative[^1] <= 0) throw Place.Error("probability", $"of every member is 0: a vehicle of this distribution could have no {member}");
    }

    /// <summary>One member, in proportion to its weight.</summary>
    public T Draw(Random random)
    {
        var x = random.NextDouble() * _cumulative[^1];
        var i = _cumulative.BinarySearch(x);
        i = i < 0 ? ~i : i + 1; // the first member whose cumulative weight is past x
        return _members[Math.Min(i, _members.Count - 1)];
    }
}
