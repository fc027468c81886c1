using Microsoft.Extensions.Configuration;
using CityMesh.Access;
using CityMesh.Messaging;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Synthetic.Telemetry;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Scenarios.Tests.Synthetic.Telemetry;

/// <summary>Sensor sites read from a real twin: its NGSI-LD API on Kestrel over an in-memory store.</summary>
public sealed class TwinSensorSitesTests : IAsyncLifetime
{
    private readonly MemoryTwinStore _store = new();
    private WebApplication _app = null!;
    private const string ReaderKey = "scenario-author-key-for-sites-0123";
    private readonly HttpClient _http = new() { DefaultRequestHeaders = { { "X-Api-Key", ReaderKey } } };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IEventBus>(new InMemoryEventBus());
        builder.Services.AddSingleton<ITwinStore>(_store);
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton(new TwinOptions());
        builder.Services.AddSingleton<CityMesh.Twin.Tenancy.TwinTenants>();
        // The twin's reads are not open: the reader holds a scenario author's key, as a worker holds the service key.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CityMesh:Access:ApiKeys:0:Name"] = "sites-reader",
            ["CityMesh:Access:ApiKeys:0:Role"] = "scenario-author",
            ["CityMesh:Access:ApiKeys:0:Key"] = ReaderKey,
        });
        builder.Services.AddCityMeshAccess(builder.Configuration);
        builder.Services.AddSingleton<CityMesh.Twin.Ngsi.Access.NgsiAccess>();
        builder.Services.AddSingleton(CityMesh.Limits.InputLimits.Default);
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapNgsiLd();
        await _app.StartAsync();

        Entity E(string type, string city, string local, Geometry? at, string? road = null) => new()
        {
            Id = $"urn:ngsi-ld:{type}:{city}:{local}", Type = type, Location = at,
            Relationships = road is null ? new Dictionary<string, Relationship>() : new Dictionary<string, Relationship> { ["refRoadSegment"] = new(road) },
        };
        foreach (var entity in new[]
        {
            E(EntityTypes.TrafficFlowObserved, "jinan", "d1", new Point(117.01, 36.66), "urn:ngsi-ld:RoadSegment:jinan:r1"),
            E(EntityTypes.TrafficFlowObserved, "jinan", "d2", new Point(117.02, 36.67)),
            E(EntityTypes.TrafficFlowObserved, "hangzhou", "d1", new Point(120.15, 30.27)),
            E(EntityTypes.WaterMain, "jinan", "w1", new LineString([new(117.00, 36.60), new(117.01, 36.61), new(117.02, 36.62)])),
            E(EntityTypes.AirQualityObserved, "jinan", "aq-nowhere", null),
            E(EntityTypes.Hospital, "jinan", "h1", new Point(117.03, 36.65)),
        })
            await _store.CreateAsync(entity);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Should_Read_A_Citys_Sensors_Of_The_Asked_Kinds_With_Their_Locations()
    {
        var sites = await new TwinSensorSites(_http, new Uri(_app.Urls.Single() + "/")) { PageSize = 1 }
            .ReadAsync(SensorKinds.All, "jinan", CancellationToken.None);
        Assert.Equal([
            new SensorSite("urn:ngsi-ld:TrafficFlowObserved:jinan:d1", SensorKinds.TrafficDetector, 36.66, 117.01, "urn:ngsi-ld:RoadSegment:jinan:r1"),
            new SensorSite("urn:ngsi-ld:TrafficFlowObserved:jinan:d2", SensorKinds.TrafficDetector, 36.67, 117.02),
            new SensorSite("urn:ngsi-ld:WaterMain:jinan:w1", SensorKinds.WaterMain, 36.61, 117.01),
        ], sites);

        var everywhere = await new TwinSensorSites(_http, new Uri(_app.Urls.Single() + "/")).ReadAsync([SensorKinds.TrafficDetector], null, CancellationToken.None);
        Assert.Equal(3, everywhere.Count);
    }

    [Fact]
    public async Task Should_Say_Which_Twin_Refused_And_Why()
    {
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() =>
            new TwinSensorSites(_http, new Uri(_app.Urls.Single() + "/missing/")).ReadAsync([SensorKinds.EnergyMeter], null, CancellationToken.None));
        Assert.Equal(TwinSensorSites.Field, e.Field);
        Assert.Contains("refused /missing/ngsi-ld/v1/entities?type=Substation", e.Message);
        Assert.Contains("404", e.Message);
    }
}
