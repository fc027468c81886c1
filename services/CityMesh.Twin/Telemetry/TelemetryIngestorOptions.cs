using CityMesh.Limits.Settings;

namespace CityMesh.Twin.Telemetry;

/// <summary>Settings under <c>CityMesh:Telemetry:Ingest</c>: how the twin takes <c>telemetry.raw</c> in.</summary>
public sealed record TelemetryIngestorOptions : ISettings<TelemetryIngestorOptions>
{
    public const string Section = "CityMesh:Telemetry:Ingest";

    static string ISettings<TelemetryIngestorOptions>.Section => Section;

    /// <summary>
    /// Events applied to the twin in one store call at most. Large, because each batch is one store write, one
    /// change announcement and (on Kafka) one commit; under light load <see cref="MaxWait"/> bounds the delay.
    /// </summary>
    public int MaxEvents { get; init; } = 20_000;

    /// <summary>How long a partial batch waits for more events.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Event ids remembered to drop redeliveries; older repeats fall to the twin's observedAt rule.</summary>
    public int DedupeWindow { get; init; } = 500_000;

    /// <summary>How long an entity's attribute kinds and units are trusted before being re-read.</summary>
    public TimeSpan ShapeRefresh { get; init; } = TimeSpan.FromSeconds(30);

    /// <exception cref="InvalidOperationException">A setting out of range; the message names the key.</exception>
    public TelemetryIngestorOptions Validated()
    {
        if (MaxEvents < 1) throw new InvalidOperationException($"{Section}:MaxEvents is {MaxEvents}; it must be at least 1.");
        if (MaxWait < TimeSpan.Zero) throw new InvalidOperationException($"{Section}:MaxWait is {MaxWait}; it must not be negative.");
        if (DedupeWindow < 1) throw new InvalidOperationException($"{Section}:DedupeWindow is {DedupeWindow}; it must be at least 1.");
        if (ShapeRefresh <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:ShapeRefresh is {ShapeRefresh}; it must be positive.");
        return this;
    }
}
