using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>SUMO's depart, departLane and departSpeed values in the model's terms.</summary>
internal static class SumoDeparture
{
    /// <summary>A time in seconds within <see cref="ImportBounds.Time"/>: a number, or "h:m:s" / "d:h:m:s".</summary>
    public static double Time(XmlElementReader xml, string attribute, string text)
    {
        if (text is "triggered" or "containerTriggered" or "split" or "begin" or "now")
            throw xml.Error(attribute, $"'{text}' departures are not supported; give a time in seconds");
        if (text.Length > 64) throw xml.Error(attribute, $"'{TrafficImportException.Quote(text)}' is not a time (seconds, h:m:s or d:h:m:s)");
        double seconds;
        if (text.Contains(':'))
        {
            var parts = text.Split(':');
            double[] units = parts.Length switch
            {
                3 => [3600, 60],
                4 => [86_400, 3600, 60],
                _ => throw xml.Error(attribute, $"'{TrafficImportException.Quote(text)}' is not a time (seconds, h:m:s or d:h:m:s)"),
            };
            seconds = xml.ParseDouble(attribute, parts[^1]);
            for (var i = 0; i < units.Length; i++) seconds += xml.ParseInt(attribute, parts[i]) * units[i];
        }
        else seconds = xml.ParseDouble(attribute, text);
        if (seconds < 0) throw xml.Error(attribute, $"'{TrafficImportException.Quote(text)}' is negative");
        return ImportBounds.Time.Contains(seconds) ? seconds : throw xml.Error(attribute, $"is {TrafficImportException.Quote(text)}; {ImportBounds.Time.Rule}");
    }

    /// <summary>
    /// A lane index on the first edge ("random" draws one of the lanes the class may use), or null with the rule that
    /// picks the lane at insertion: "best", "free"/"allowed", or "first", SUMO's default when the attribute is absent.
    /// </summary>
    /// <remarks>Checked once the route, and so the first edge, is known: <paramref name="place"/> is the vehicle's.</remarks>
    public static (int? Lane, DepartLaneChoice Choice) Lane(XmlPlace place, string? text, TrafficNetwork network, Edge edge, uint vehicleClass, Random random)
    {
        switch (text)
        {
            case null or "first": return (null, DepartLaneChoice.First);
            case "best": return (null, DepartLaneChoice.Best);
            case "free" or "allowed": return (null, DepartLaneChoice.Free);
            case "random":
                var allowed = edge.Lanes.Count(l => network.Lanes[l].Allows(vehicleClass));
                // No lane for the class: the route check refuses it, naming the edge and the class.
                if (allowed == 0) return (null, DepartLaneChoice.First);
                var pick = random.Next(allowed);
                return (network.Lanes[edge.Lanes.Where(l => network.Lanes[l].Allows(vehicleClass)).ElementAt(pick)].IndexOnEdge, DepartLaneChoice.Best);
        }
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var lane) && lane >= 0 && lane < edge.Lanes.Count
            ? (lane, DepartLaneChoice.Best)
            : throw place.Error("departLane", $"'{TrafficImportException.Quote(text)}' is not a lane of the first edge ({edge.Lanes.Count} lanes) nor best, free, random, allowed or first");
    }

    /// <summary>m/s, or null for as fast as is safe ("max", "desired"); absent is SUMO's default, 0.</summary>
    public static double? Speed(XmlElementReader xml, string? text) => text switch
    {
        null => 0,
        "max" or "desired" => null,
        _ => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var speed)
             && speed >= 0 && speed <= ImportBounds.Speed.Max
            ? speed
            : throw xml.Error("departSpeed", $"'{TrafficImportException.Quote(text)}' is not a speed from 0 to {ImportBounds.Speed.Max} m/s nor max or desired"),
    };

    /// <summary>
    /// A departPos or arrivalPos as written: null for SUMO's default (departPos "base", arrivalPos "max"), a number
    /// (negative counts back from the lane's end) or "random"; the value is placed on its edge once the route is known
    /// (<see cref="Place"/>). Other keywords are refused naming them.
    /// </summary>
    public static SumoLanePosition? Position(XmlElementReader xml, string attribute)
    {
        var text = xml.Optional(attribute);
        var keyword = attribute == "departPos" ? "base" : "max";
        if (text is null || text == keyword) return null;
        if (text == "random") return new SumoLanePosition(attribute, 0, Random: true);
        if (text == "last" && attribute == "departPos") return new SumoLanePosition(attribute, Trip.BehindLast, Random: false);
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var metres) && double.IsFinite(metres))
            return new SumoLanePosition(attribute, metres, Random: false);
        throw xml.Error(attribute, $"'{TrafficImportException.Quote(text)}' is not supported (a position in metres, negative from the lane's end, {keyword}{(attribute == "departPos" ? ", last" : "")} or random)");
    }

    /// <summary>The position on an edge of <paramref name="length"/> metres, or an error naming the attribute when it lies off the edge.</summary>
    public static double Place(SumoLanePosition position, double length, string edge, Random random, XmlPlace place)
    {
        if (position.Random) return random.NextDouble() * length;
        if (position.Metres == Trip.BehindLast) return Trip.BehindLast;
        var metres = position.Metres < 0 ? length + position.Metres : position.Metres;
        return metres >= 0 && metres <= length
            ? metres
            : throw place.Error(position.Attribute, $"is {position.Metres.ToString(System.Globalization.CultureInfo.InvariantCulture)}, off edge '{TrafficImportException.Quote(edge)}' ({length.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} m long)");
    }
}

/// <summary>A departPos or arrivalPos before it is placed on its edge: metres (negative from the end) or random.</summary>
internal readonly record struct SumoLanePosition(string Attribute, double Metres, bool Random);
