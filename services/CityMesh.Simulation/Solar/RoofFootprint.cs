namespace CityMesh.Simulation.Solar;

/// <summary>
/// A building as the solar assessment sees it: its footprint polygon in a local metric frame (x east, y north, metres,
/// e.g. from the twin's WGS84 by <see cref="LocalFrame"/>), extruded to <paramref name="Height"/>.
/// </summary>
/// <param name="Id">The twin's identifier, carried to the result.</param>
/// <param name="X">Footprint vertices, east (m), in order around the polygon (either way round), not closed.</param>
/// <param name="Y">Footprint vertices, north (m).</param>
/// <param name="Height">Roof height above the ground, metres: the prism that shades others, and where this roof is sampled.</param>
/// <param name="Kind">Flat or pitched.</param>
/// <param name="Pitch">A pitched roof's slope, degrees; null takes <see cref="SolarOptions.DefaultPitch"/>.</param>
public sealed record RoofFootprint(string Id, double[] X, double[] Y, double Height, RoofKind Kind = RoofKind.Flat, double? Pitch = null)
{
    /// <summary>A rectangle <paramref name="width"/> (east) by <paramref name="depth"/> (north) with its south-west corner at (x, y).</summary>
    public static RoofFootprint Box(string id, double x, double y, double width, double depth, double height,
        RoofKind kind = RoofKind.Flat, double? pitch = null) =>
        new(id, [x, x + width, x + width, x], [y, y, y + depth, y + depth], height, kind, pitch);

    /// <summary>The footprint's area, m² (shoelace).</summary>
    public double Area
    {
        get
        {
            double twice = 0;
            for (int i = 0, j = X.Length - 1; i < X.Length; j = i++) twice += X[j] * Y[i] - X[i] * Y[j];
            return Math.Abs(twice) / 2.0;
        }
    }

    /// <summary>What is wrong with this footprint; empty when it can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (X is null || Y is null || X.Length != Y.Length) problems.Add($"{Id}: x and y must have the same number of vertices");
        else if (X.Length < 3) problems.Add($"{Id}: a footprint needs at least 3 vertices, not {X.Length}");
        else
        {
            for (int i = 0; i < X.Length; i++)
                if (!double.IsFinite(X[i]) || !double.IsFinite(Y[i]) || Math.Abs(X[i]) > 1e6 || Math.Abs(Y[i]) > 1e6)
                    problems.Add($"{Id}: vertex {i} must be finite and within 1000 km of the frame's origin, not ({X[i]}, {Y[i]})");
            if (problems.Count == 0 && !(Area > 0.01)) problems.Add($"{Id}: the footprint's area must be above 0.01 m², not {Area}");
        }
        if (!(Height is > 0 and <= 1000)) problems.Add($"{Id}: height must be in (0, 1000] m, not {Height}");
        if (Pitch is { } p && !(p is >= 0 and < 75)) problems.Add($"{Id}: pitch must be in [0, 75) degrees, not {p}");
        return problems;
    }
}
