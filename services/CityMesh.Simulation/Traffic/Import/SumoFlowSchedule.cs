namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The departures of a SUMO &lt;flow&gt;, counted before any is made. It gives exactly one of vehsPerHour, period or
/// probability, or just number (spread evenly over [begin, end)); number also caps the others. end defaults to
/// SUMO's 24 hours. probability is tried once a second with the reader's seeded generator, so a seed gives the same
/// demand again. <see cref="Vehicles"/> comes from arithmetic alone (number, (end − begin) / period,
/// vehsPerHour · (end − begin) / 3600, probability · (end − begin)), so a flow asking for a billion vehicles is
/// refused in microseconds instead of after filling memory.
/// </summary>
internal sealed class SumoFlowSchedule
{
    private const double DefaultEnd = 86_400;

    private readonly double _begin, _end;
    private readonly double? _period, _probability;
    private readonly long _cap;

    private SumoFlowSchedule(double begin, double end, double? period, double? probability, long cap, double vehicles)
    {
        (_begin, _end, _period, _probability, _cap) = (begin, end, period, probability, cap);
        Vehicles = vehicles;
    }

    /// <summary>
    /// How many vehicles the flow makes: exact for number, period and vehsPerHour (give or take the one a rounding
    /// boundary adds), the expectation for probability. A double, since a hostile file can ask for more than a long holds.
    /// </summary>
    public double Vehicles { get; }

    public static SumoFlowSchedule Read(XmlElementReader xml)
    {
        var begin = SumoDeparture.Time(xml, "begin", xml.Optional("begin") ?? "0");
        var end = xml.Optional("end") is { } e ? SumoDeparture.Time(xml, "end", e) : DefaultEnd;
        if (end < begin) throw xml.Error("end", $"{end} is before begin {begin}");
        var number = xml.OptionalLong("number");
        if (number < 0) throw xml.Error("number", "must not be negative");

        var rates = new[] { "vehsPerHour", "period", "probability" }.Where(a => xml.Optional(a) is not null).ToArray();
        if (rates.Length > 1) throw xml.Error(rates[1], $"cannot be given with {rates[0]}");
        var cap = number ?? long.MaxValue;
        var span = end - begin;
        switch (rates.FirstOrDefault())
        {
            case null when number is null:
                throw xml.Error("number", "is missing, and so are vehsPerHour, period and probability");
            case null:
                return new SumoFlowSchedule(begin, end, null, null, cap, cap);
            case "vehsPerHour":
                var perHour = xml.RequiredDouble("vehsPerHour", Rate);
                return Periodic(begin, end, 3600 / perHour, cap);
            case "period":
                return Periodic(begin, end, xml.RequiredDouble("period", Period), cap);
            default:
                var p = xml.RequiredDouble("probability", Probability);
                return new SumoFlowSchedule(begin, end, null, p, cap, Math.Min(cap, p * Math.Ceiling(span)));
        }
    }

    /// <summary>A million vehicles an hour, one every 3.6 ms: far past any road, still a number the count can use.</summary>
    private static readonly Bound Rate = Bound.Above(0, 1e6, "a rate", "vehicles per hour");
    private static readonly Bound Period = Bound.Above(0, ImportBounds.Year, "a period", "s");
    private static readonly Bound Probability = Bound.Between(0, 1, "a probability", "");

    private static SumoFlowSchedule Periodic(double begin, double end, double period, long cap) =>
        new(begin, end, period, null, cap, Math.Min(cap, Math.Ceiling((end - begin) / period)));

    /// <summary>The departure times, at most <paramref name="allowance"/> of them; null when the flow would make more.</summary>
    /// <remarks>Only a probability flow can exceed its <see cref="Vehicles"/>, by chance; the allowance stops it there.</remarks>
    public List<double>? Departures(Random random, long allowance)
    {
        var departures = new List<double>((int)Math.Min(Vehicles, Math.Min(allowance, 1 << 20)));
        if (_probability is { } p)
        {
            for (var t = _begin; t < _end && departures.Count < _cap; t += 1)
            {
                if (random.NextDouble() >= p) continue;
                if (departures.Count == allowance) return null;
                departures.Add(t);
            }
            return departures;
        }
        if (_period is { } period)
        {
            // Multiplying rather than adding keeps long flows from drifting by rounding.
            for (long i = 0; i < _cap && _begin + i * period < _end; i++)
            {
                if (departures.Count == allowance) return null;
                departures.Add(_begin + i * period);
            }
            return departures;
        }
        var spacing = (_end - _begin) / Math.Max(_cap, 1);
        for (long i = 0; i < _cap; i++)
        {
            if (departures.Count == allowance) return null;
            departures.Add(_begin + i * spacing);
        }
        return departures;
    }
}
