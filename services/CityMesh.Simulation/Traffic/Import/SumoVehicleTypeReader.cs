using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A SUMO &lt;vType&gt;: the Krauss parameters the model keeps, each defaulting to SUMO's passenger car and held to
/// <see cref="ImportBounds"/>, and its vClass (which lanes it may use). vClass-specific defaults (a bus's length and
/// speeds) and car-following models other than Krauss are not applied.
/// </summary>
internal static class SumoVehicleTypeReader
{
    private static readonly Bound Sigma = Bound.Between(0, 1, "sigma", "");

    public static VehicleType Read(XmlElementReader xml)
    {
        var type = new VehicleType(xml.RequiredName("id"));
        var (speedFactor, speedDev) = SpeedFactor(xml, type);
        return type with
        {
            Accel = xml.OptionalDouble("accel", type.Accel, ImportBounds.Acceleration),
            Decel = xml.OptionalDouble("decel", type.Decel, ImportBounds.Acceleration),
            EmergencyDecel = xml.OptionalDouble("emergencyDecel", type.EmergencyDecel, ImportBounds.Acceleration),
            Sigma = xml.OptionalDouble("sigma", type.Sigma, Sigma),
            Length = xml.OptionalDouble("length", type.Length, ImportBounds.VehicleLength),
            MinGap = xml.OptionalDouble("minGap", type.MinGap, ImportBounds.MinGap),
            MaxSpeed = xml.OptionalDouble("maxSpeed", type.MaxSpeed, ImportBounds.Speed),
            Tau = xml.OptionalDouble("tau", type.Tau, ImportBounds.Headway),
            SpeedFactor = speedFactor,
            SpeedDev = xml.OptionalDouble("speedDev", speedDev, ImportBounds.SpeedDeviation),
            Class = SumoVocabulary.VehicleClass(xml, type.Class),
        };
    }

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
                throw xml.Error("speedFactor", $"'{TrafficImportException.Quote(text)}' must be norm(mean,dev) or normc(mean,dev,min,max)");
            return (xml.InBound("speedFactor", args[0].Trim(), ImportBounds.SpeedFactor), xml.InBound("speedFactor", args[1].Trim(), ImportBounds.SpeedDeviation));
        }
        return (xml.InBound("speedFactor", text, ImportBounds.SpeedFactor), type.SpeedDev);
    }
}
