namespace CityMesh.Sensors.Tests;

/// <summary>
/// A registry the test controls: it fails with <see cref="Failure"/> while that is set, and otherwise answers the
/// roster of <see cref="Entities"/>, read as the twin read API would send them.
/// </summary>
internal sealed class FixedSensorRegistry(IReadOnlyList<CityMesh.Twin.Model.Entity> entities) : ISensorRegistry
{
    private int _reads;

    public IReadOnlyList<CityMesh.Twin.Model.Entity> Entities { get; set; } = entities;

    public Exception? Failure { get; set; }

    /// <summary>Reads asked for so far, failed ones included.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public string Source => "the test's registry";

    /// <summary>The dispatches the crews hear, as the twin would show them.</summary>
    public IReadOnlyList<CrewOrder> Orders { get; set; } = [];

    public Task<IReadOnlyList<CrewOrder>> LoadOrdersAsync(CancellationToken ct) => Task.FromResult(Orders);

    public Task<TelemetrySimulatorRoster> LoadAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        if (Failure is { } failure) throw failure;
        return Task.FromResult(TelemetrySimulatorRoster.From(TwinJson.Normalized(Entities)));
    }
}
