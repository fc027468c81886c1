namespace CityMesh.Sensors;

/// <summary>Where the simulator learns which sensors the city has: the twin, through its read API, in a deployment.</summary>
public interface ISensorRegistry
{
    /// <summary>A human-readable name of where the roster comes from, for the simulator's logs.</summary>
    string Source { get; }

    /// <summary>The sensors the city holds now.</summary>
    /// <exception cref="Exception">The registry cannot be read now (the twin not up yet, not reachable); try again later.</exception>
    Task<TelemetrySimulatorRoster> LoadAsync(CancellationToken ct);

    /// <summary>
    /// The ambulances the twin shows <c>dispatched</c>, each with its call's place and its hospital's: what a crew's
    /// terminal hears from dispatch. Read every round, as a terminal hears an order at once. A registry of a city
    /// without ambulances has none (the default).
    /// </summary>
    /// <exception cref="Exception">The registry cannot be read now; the crews carry on and ask again next round.</exception>
    Task<IReadOnlyList<CrewOrder>> LoadOrdersAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<CrewOrder>>([]);

    /// <summary>
    /// Water network <paramref name="network"/> of city <paramref name="city"/> and the meters on it; null when the city
    /// holds no such network or no meters on it (a registry of a city without water has none: the default).
    /// </summary>
    /// <exception cref="Exception">The registry cannot be read now, or the network in it cannot be run; try again later.</exception>
    Task<Water.WaterFieldSetup?> LoadWaterAsync(string network, string city, CancellationToken ct) => Task.FromResult<Water.WaterFieldSetup?>(null);
}
