namespace CityMesh.Twin.Client;

/// <summary>
/// The twin no longer holds the changes after the position a watch asked for (too old, or the twin's change log was
/// reset). Read the twin again (<see cref="TwinReaderClient.QueryAsync"/>) and watch from the position that gives.
/// </summary>
public sealed class TwinPositionGoneException(string position, string detail, Exception inner)
    : Exception($"the twin cannot resume a watch from {position}: {detail}", inner)
{
    public string Position { get; } = position;
}
