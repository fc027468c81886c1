using CityMesh.Limits.Settings;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Scenarios.Tests.Evacuation;

/// <summary>
/// Jinan's twin as <c>citymesh up</c> seeds it (the CityFlow Jinan network beside the checkout, the default city options:
/// its buildings, roads, intersections, signals, shelters and grid), in an in-memory store behind the twin's real read
/// API (<see cref="ReadApiTwin"/>), read as a scenario reads it.
/// </summary>
public sealed class JinanTwin : IAsyncLifetime
{
    private ReadApiTwin _twin = null!;

    public TwinCity City { get; private set; } = null!;

    public SeededCity Seeded { get; private set; } = null!;

    /// <summary>The twin's read API, for scenarios that read more of the city.</summary>
    public ReadApiTwin Twin => _twin;

    public async Task InitializeAsync()
    {
        var options = new CityOptions { RoadNetwork = Path.Combine(RepositoryFiles.SharedData(), "traffic", "Jinan_3_4", "roadnet_3_4.json") };
        Seeded = CityGenerator.Build(CityRoadNetwork.Load(options), options);
        var store = new MemoryTwinStore();
        await store.UpsertAsync(Seeded.Entities, UpsertMode.Replace);
        _twin = await ReadApiTwin.StartAsync(store);
        using var reader = _twin.Connect();
        City = await TwinCity.ReadAsync(reader, _twin.Address, Seeded.IdSegment, CancellationToken.None, forFlood: true, TwinCity.EvacuationField, withNetwork: true);
    }

    public async Task DisposeAsync() => await _twin.DisposeAsync();
}
