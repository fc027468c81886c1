namespace CityMesh.Twin.Query;

/// <summary>A q expression that does not parse; <see cref="Position"/> is the 0-based character offset.</summary>
public sealed class QueryParseException(string message, int position)
    : Exception($"q: {message} (at character {position + 1})")
{
    public int Position { get; } = position;
}
