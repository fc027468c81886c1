using CityMesh.Access;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Twin;
using CityMesh.Twin.Client;
using CityMesh.Twin.ReadApi;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Scenarios.Tests.Evacuation;

/// <summary>
/// Jinan's twin as <c>citymesh up</c> seeds it (the CityFlow Jinan network beside the checkout, the default city options:
/// its buildings, roads, intersections, signals and shelters), in an in-memory store behind the twin's real read API on
/// Kestrel (h2c, on a free loopback port, so nothing clashes with a city running on 8080), read as a scenario reads it.
/// </summary>
public sealed class JinanTwin : IAsyncLifetime
{
    private const string ReaderKey = "scenario-author-key-for-jinan-0123";
    private WebApplication _app = null!;

    public TwinCity City { get; private set; } = null!;

    public SeededCity Seeded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new CityOptions { RoadNetwork = Path.Combine(RepositoryFiles.SharedData(), "traffic", "Jinan_3_4", "roadnet_3_4.json") };
        Seeded = CityGenerator.Build(CityRoadNetwork.Load(options), options);
        var store = new MemoryTwinStore();
        await store.UpsertAsync(Seeded.Entities, UpsertMode.Replace);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IEventBus>(new InMemoryEventBus());
        builder.Services.AddSingleton<ITwinStore>(store);
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton(new TwinOptions());
        builder.Services.AddSingleton<CityMesh.Twin.Tenancy.TwinTenants>();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Access:ApiKeys:0:Name"] = "jinan-reader",
            ["CityMesh:Access:ApiKeys:0:Role"] = "scenario-author",
            ["CityMesh:Access:ApiKeys:0:Key"] = ReaderKey,
        });
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.AddSingleton<CityMesh.Twin.Ngsi.Access.NgsiAccess>();
        builder.Services.AddSingleton(CityMesh.Limits.InputLimits.Default);
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGrpcService<TwinReaderService>();
        await _app.StartAsync();
        var twin = new Uri(_app.Urls.Single());
        using var reader = TwinReaderClient.Connect(twin, new ApiKeyCredentialHandler(ReaderKey));
        City = await TwinCity.ReadAsync(reader, twin, Seeded.IdSegment, CancellationToken.None, forFlood: true, TwinCity.EvacuationField, withNetwork: true);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
