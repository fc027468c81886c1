using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A SUMO &lt;vType&gt;: the Krauss parameters the model keeps, each defaulting to SUMO's passenger car. vClass-specific
/// defaults (buses, trucks) and car-following models other than Krauss are not applied.
/// </summary>
internal static class SumoVehicleTypeReader
{
    public static VehicleType Read(XmlElementReader xml)
    {
        var type = new VehicleType(xml.Required("id"));
        var (speedFactor, speedDev) = SpeedFactor(xml, type);
        return type with
        {
            Accel = Positive(xml, "accel", type.Accel),
            Decel = Positive(xml, "decel", type.Decel),
            EmergencyDecel = Positive(xml, "emergencyDecel", type.EmergencyDecel),
            Sigma = xml.OptionalDouble("sigma", type.Sigma) is var sigma and >= 0 and <= 1 ? sigma : throw xml.Error("sigma", "must lie in [0, 1]"),
            Length = Positive(xml, "length", type.Length),
            MinGap = xml.OptionalDouble("minGap", type.MinGap) is var gap and >= 0 ? gap : throw xml.Error("minGap", "must not be negative"),
            MaxSpeed = Positive(xml, "maxSpeed", type.MaxSpeed),
            Tau = Positive(xml, "tau", type.Tau),
            SpeedFactor = speedFactor,
            SpeedDev = xml.OptionalDouble("speedDev", speedDev) is var dev and >= 0 ? dev : throw xml.Error("speedDev", "must not be negative"),
        };
    }

    private static double Positive(XmlElementReader xml, string attribute, double fallback) =>
        xml.OptionalDouble(attribute, fallback) is var value and > 0 ? value : throw xml.Error(attribute, "must be positive");

    /// <summary>speedFactor is a number or a distribution "norm(mean,dev)" / "normc(mean,dev,min,max)".</summary>
    private static (double Mean, double Dev) SpeedFactor(XmlElementReader xml, VehicleType type)
    {
        if (xml.Optional("speedFactor") is not { } text) return (type.SpeedFactor, type.SpeedDev);
        text = text.Trim();
        foreach (var prefix in new[] { "normc(", "norm(" })
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith(')')) continue;
            var args = text[prefix.Length..^1].Split(',');
            if (args.Length != (prefix == "norm(" ? 2 : 4))
                throw xml.Error("speedFactor", $"'{text}' must be norm(mean,dev) or normc(mean,dev,min,max)");
            return (xml.ParseDouble("speedFactor", args[0].Trim()), xml.ParseDouble("speedFactor", args[1].Trim()));
        }
        var mean = xml.ParseDouble("speedFactor", text);
        return mean > 0 ? (mean, type.SpeedDev) : throw xml.Error("speedFactor", "must be positive");
    }
}
