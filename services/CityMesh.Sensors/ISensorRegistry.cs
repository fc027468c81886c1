namespace CityMesh.Sensors;

/// <summary>Where the simulator learns which sensors the city has: the twin, through its read API, in a deployment.</summary>
public interface ISensorRegistry
{
    /// <summary>A human-readable name of where the roster comes from, for the simulator's logs.</summary>
    string Source { get; }

    /// <summary>The sensors the city holds now.</summary>
    /// <exception cref="Exception">The registry cannot be read now (the twin not up yet, not reachable); try again later.</exception>
    Task<TelemetrySimulatorRoster> LoadAsync(CancellationToken ct);
}
