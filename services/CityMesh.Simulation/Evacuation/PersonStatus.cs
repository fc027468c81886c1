namespace CityMesh.Simulation.Evacuation;

/// <summary>Where a person is: every person is in exactly one of these at every step.</summary>
public enum PersonStatus : byte
{
    /// <summary>At home: not yet left, or waiting at the door for room outside.</summary>
    Waiting,
    /// <summary>On a walkway, moving.</summary>
    Walking,
    /// <summary>At the end of a walkway, in line to pass on (a door, a crowded link, a full one).</summary>
    Queued,
    /// <summary>In a shelter.</summary>
    Sheltered,
    /// <summary>Reached a shelter, was turned away, and no shelter had room.</summary>
    Unsheltered,
    /// <summary>No shelter can be reached from where they are (cut off from the start, or by a closure).</summary>
    Stranded,
}

/// <summary>How many people are in each <see cref="PersonStatus"/>.</summary>
public readonly record struct PersonCounts(int Waiting, int Walking, int Queued, int Sheltered, int Unsheltered, int Stranded)
{
    public int Total => Waiting + Walking + Queued + Sheltered + Unsheltered + Stranded;

    /// <summary>Still to arrive somewhere: at home, walking or in line.</summary>
    public int Moving => Waiting + Walking + Queued;

    internal static PersonCounts Of(ReadOnlySpan<int> byStatus) => new(byStatus[0], byStatus[1], byStatus[2], byStatus[3], byStatus[4], byStatus[5]);
}
