namespace CityMesh.Simulation.Air.Routing;

/// <summary>Settings of <see cref="ExposureRouter"/>.</summary>
public sealed record ExposureRoutingOptions
{
    /// <summary>Walking speed, m/s: 1.3 is a typical adult's (pedestrian studies find 1.2–1.4 m/s); slower for a child's walk to school.</summary>
    public double WalkingSpeed { get; init; } = 1.3;

    /// <summary>The field is sampled along each edge at most this far apart (at least at its middle).</summary>
    public double SampleSpacingMetres { get; init; } = 25;

    /// <summary>
    /// The least-exposed route may be at most this many times the shortest route's length (null: no cap). When the
    /// least-exposed route is longer, the route returned is the least exposed found within the cap, and the plan says so.
    /// </summary>
    public double? MaxDetour { get; init; } = 1.5;

    /// <summary>Air breathed while walking, m³/h, to turn exposure (µg·h/m³) into an inhaled dose (µg): about 1.5 for an adult walking at a moderate pace (US EPA Exposure Factors Handbook 2011, ch. 6, moderate activity).</summary>
    public double VentilationM3PerHour { get; init; } = 1.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(WalkingSpeed is > 0.1 and <= 5)) errors.Add($"WalkingSpeed must be above 0.1 and at most 5 m/s (got {WalkingSpeed})");
        if (!(SampleSpacingMetres is >= 1 and <= 10_000)) errors.Add($"SampleSpacingMetres must be 1 to 10000 (got {SampleSpacingMetres})");
        if (MaxDetour is { } d && !(d >= 1 && double.IsFinite(d))) errors.Add($"MaxDetour must be at least 1 (got {d})");
        if (!(VentilationM3PerHour is > 0 and <= 10)) errors.Add($"VentilationM3PerHour must be above 0 and at most 10 (got {VentilationM3PerHour})");
        return errors;
    }
}
