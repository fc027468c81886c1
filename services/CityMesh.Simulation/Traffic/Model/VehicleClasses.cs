namespace CityMesh.Simulation.Traffic.Model;

/// <summary>
/// SUMO's vehicle classes (1.15) as bits of a mask. A lane's permissions are the classes it allows (a bus lane
/// allows <c>bus</c> only; a lane without <c>allow</c>/<c>disallow</c> allows every class); a vehicle's class is one bit,
/// or none for <c>ignoring</c>, SUMO's class that may use every lane whatever its permissions.
/// </summary>
public static class VehicleClasses
{
    /// <summary>SUMO's class names in bit order (bit 0 is <c>private</c>).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "private", "emergency", "authority", "army", "vip", "pedestrian", "passenger", "hov", "taxi", "bus", "coach",
        "delivery", "truck", "trailer", "motorcycle", "moped", "bicycle", "evehicle", "tram", "rail_urban", "rail",
        "rail_electric", "rail_fast", "ship", "custom1", "custom2",
    ];

    /// <summary>The names SUMO still reads for classes it renamed, and the class each now is.</summary>
    private static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["public_emergency"] = "emergency", ["public_authority"] = "authority", ["public_army"] = "army",
        ["public_transport"] = "bus", ["lightrail"] = "tram", ["cityrail"] = "rail_urban", ["rail_slow"] = "rail",
    };

    /// <summary>Every class: a lane with no restriction.</summary>
    public static readonly uint All = (1u << Names.Count) - 1;

    /// <summary>The class of a vehicle that ignores permissions (SUMO's <c>ignoring</c>).</summary>
    public const uint Ignoring = 0;

    /// <summary>SUMO's default vClass for a vType that names none.</summary>
    public static readonly uint Passenger = Bit("passenger")!.Value;

    /// <summary>
    /// The classes that drive on roads (not pedestrians, bicycles, trains, trams or ships): an edge that allows none
    /// of them is a footway, a cycle path or a track, not a road of the city.
    /// </summary>
    public static readonly uint RoadVehicles = All & ~(Bit("pedestrian")!.Value | Bit("bicycle")!.Value | Bit("tram")!.Value
        | Bit("rail_urban")!.Value | Bit("rail")!.Value | Bit("rail_electric")!.Value | Bit("rail_fast")!.Value | Bit("ship")!.Value);

    /// <summary>Whether a lane with <paramref name="permissions"/> lets a vehicle of <paramref name="vehicleClass"/> on.</summary>
    public static bool Allows(uint permissions, uint vehicleClass) => vehicleClass == Ignoring || (permissions & vehicleClass) != 0;

    /// <summary>The class's bit (0 for <c>ignoring</c>), or null for a name SUMO does not define.</summary>
    public static uint? Bit(string name)
    {
        if (name == "ignoring") return Ignoring;
        if (Renamed.TryGetValue(name, out var now)) name = now;
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == name) return 1u << i;
        return null;
    }

    /// <summary>The name of a vehicle's class bit, for messages.</summary>
    public static string Name(uint vehicleClass) =>
        vehicleClass == Ignoring ? "ignoring" : Names[System.Numerics.BitOperations.TrailingZeroCount(vehicleClass)];

    /// <summary>
    /// A space-separated list of class names as a mask, "all" for every class; the first unknown name comes back as
    /// <paramref name="unknown"/> with the mask null.
    /// </summary>
    public static uint? Parse(string list, out string? unknown)
    {
        unknown = null;
        uint mask = 0;
        foreach (var name in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (name == "all")
            {
                mask = All;
                continue;
            }
            if (Bit(name) is not { } bit || bit == Ignoring)
            {
                unknown = name;
                return null;
            }
            mask |= bit;
        }
        return mask;
    }
}
