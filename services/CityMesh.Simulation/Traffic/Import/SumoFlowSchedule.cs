namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The departure times of a SUMO &lt;flow&gt;. It gives exactly one of vehsPerHour, period or probability, or just
/// number (spread evenly over [begin, end)); number also caps the others. end defaults to SUMO's 24 hours.
/// probability is tried once a second with the reader's seeded generator, so a seed gives the same demand again.
/// </summary>
internal static class SumoFlowSchedule
{
    private const double DefaultEnd = 86_400;

    public static List<double> Departures(XmlElementReader xml, Random random)
    {
        var begin = SumoDeparture.Time(xml, "begin", xml.Optional("begin") ?? "0");
        var end = xml.Optional("end") is { } e ? SumoDeparture.Time(xml, "end", e) : DefaultEnd;
        if (end < begin) throw xml.Error("end", $"{end} is before begin {begin}");
        var number = xml.OptionalInt("number");
        if (number < 0) throw xml.Error("number", "must not be negative");

        var rates = new[] { "vehsPerHour", "period", "probability" }.Where(a => xml.Optional(a) is not null).ToArray();
        if (rates.Length > 1) throw xml.Error(rates[1], $"cannot be given with {rates[0]}");
        var limit = number ?? int.MaxValue;
        var departures = new List<double>();
        switch (rates.FirstOrDefault())
        {
            case null when number is null:
                throw xml.Error("number", "is missing, and so are vehsPerHour, period and probability");
            case null:
                var spacing = (end - begin) / Math.Max(limit, 1);
                for (var i = 0; i < limit; i++) departures.Add(begin + i * spacing);
                break;
            case "vehsPerHour":
                var perHour = xml.RequiredDouble("vehsPerHour");
                if (perHour <= 0) throw xml.Error("vehsPerHour", "must be positive");
                Evenly(departures, begin, end, 3600 / perHour, limit);
                break;
            case "period":
                var period = xml.RequiredDouble("period");
                if (period <= 0) throw xml.Error("period", "must be positive");
                Evenly(departures, begin, end, period, limit);
                break;
            default:
                var p = xml.RequiredDouble("probability");
                if (p is < 0 or > 1) throw xml.Error("probability", "must lie in [0, 1]");
                for (var t = begin; t < end && departures.Count < limit; t += 1)
                    if (random.NextDouble() < p) departures.Add(t);
                break;
        }
        return departures;
    }

    private static void Evenly(List<double> departures, double begin, double end, double period, int limit)
    {
        // Multiplying rather than adding keeps long flows from drifting by rounding.
        for (var i = 0; i < limit && begin + i * period < end; i++) departures.Add(begin + i * period);
    }
}
