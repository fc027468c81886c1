namespace CityMesh.Simulation.Air.Field;

/// <summary>Settings of <see cref="AirField"/>'s inverse distance weighting.</summary>
public sealed record AirFieldOptions
{
    /// <summary>Weights fall as 1/distance^Power: 2 is Shepard's classic choice; higher keeps each station's air more local.</summary>
    public double Power { get; init; } = 2;

    /// <summary>Only stations this close count (null: every station); where none is, the field has no value (NaN).</summary>
    public double? RadiusMetres { get; init; }

    /// <summary>Closer than this to a station, the field is the station's value (avoids dividing by a zero distance).</summary>
    public double SnapMetres { get; init; } = 1;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Power is > 0 and <= 10)) errors.Add($"Power must be above 0 and at most 10 (got {Power})");
        if (RadiusMetres is { } r && !(r > 0)) errors.Add($"RadiusMetres must be positive (got {r})");
        if (!(SnapMetres >= 0)) errors.Add($"SnapMetres must be 0 or more (got {SnapMetres})");
        return errors;
    }
}
