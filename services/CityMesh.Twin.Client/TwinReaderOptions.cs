namespace CityMesh.Twin.Client;

/// <summary>Deadlines and retries of <see cref="TwinReaderClient"/>.</summary>
public sealed record TwinReaderOptions
{
    /// <summary>Deadline of a single-entity read.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of a whole query, every page included.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Tries of a call that fails transiently, the first included; for a watch, failures in a row.</summary>
    public int Attempts { get; init; } = 5;

    /// <summary>Wait before the second try; doubled for each one after, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);
}
