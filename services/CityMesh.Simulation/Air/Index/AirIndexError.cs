namespace CityMesh.Simulation.Air.Index;

/// <summary>A problem with an index definition: <see cref="Field"/> is its path, e.g. <c>Bands[2].Upper.pm25</c>.</summary>
public sealed record AirIndexError(string Field, string Message)
{
    public override string ToString() => $"{Field} {Message}";
}
