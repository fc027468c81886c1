using System.Net;
using CityMesh.LocalServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>The twin target on PostgreSQL/PostGIS: a throwaway cluster, migrations at start, readiness after them.</summary>
public sealed class PostgresTwinApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private LocalPostgresCluster? _cluster;

    public async Task InitializeAsync() => _cluster = await LocalPostgresCluster.StartAsync("twinapi");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("target", "twin");
        builder.UseSetting("CityMesh:Twin:Store", "postgres");
        builder.UseSetting("CityMesh:Twin:ConnectionString", _cluster!.ConnectionString);
        TestAccess.Configure(builder);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.AsAdmin();
        client.OnCityMeshContext();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

/// <summary>The API's main paths end to end on the deployment store (the full API suite runs on memory).</summary>
public sealed class PostgresTwinApiTests(PostgresTwinApiFactory factory) : IClassFixture<PostgresTwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Should_Be_Ready_Once_Migrated()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Should_Create_Read_Patch_Query_And_Delete_On_PostGis()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id, speed: 42.5));
        var conflict = await _client.PostAsync($"{Ngsi.Base}/entities", Ngsi.RoadSegment(id));
        await Ngsi.AssertProblemAsync(conflict, HttpStatusCode.Conflict, "AlreadyExists");

        var patch = await _client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs",
            """{"speed": {"type": "Property", "value": 18.0, "unitCode": "KMH", "observedAt": "2026-03-01T08:05:00Z"}}""");
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        var entity = await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(18.0, entity.GetProperty("speed").GetDouble());

        var slow = await _client.GetJsonAsync(
            $"{Ngsi.Base}/entities?type=RoadSegment&q=speed<20;name==%22Bahnhofstrasse%22&georel=near;maxDistance==500&geometry=Point&coordinates=%5B8.545,47.375%5D");
        Assert.Contains(id, slow.EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var history = await _client.GetJsonAsync($"{Ngsi.Base}/temporal/entities/{Uri.EscapeDataString(id)}?attrs=speed");
        Assert.Equal(2, history.GetProperty("speed").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);
        await _client.GetJsonAsync(Ngsi.EntityUrl(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_Upsert_A_Batch_Reporting_The_Invalid_Entity_And_Writing_The_Rest()
    {
        var good = Ngsi.NewId();
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert",
            $$"""[{{Ngsi.RoadSegment(good)}}, {"id": "not a uri", "type": "RoadSegment"}]""");
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        var body = await Ngsi.JsonOf(response);
        Assert.Equal([good], body.GetProperty("success").Strings());
        Assert.Equal("[1].id", body.GetProperty("errors")[0].GetProperty("error").GetProperty("field").GetString());
        await _client.GetJsonAsync(Ngsi.EntityUrl(good));
    }

    [Fact]
    public async Task Should_Keep_Each_Tenant_In_A_Schema_Of_Its_Own()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id, speed: 10));
        foreach (var (tenant, speed) in new[] { ("water-utility", 20.0), ("north-district", 30.0) })
        {
            var client = Tenant(tenant);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"{Ngsi.Base}/entities", Ngsi.RoadSegment(id, speed))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await Tenant("north-district").DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);

        Assert.Equal(10.0, (await _client.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues")).GetProperty("speed").GetDouble());
        Assert.Equal(20.0, (await Tenant("water-utility").GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues")).GetProperty("speed").GetDouble());
        await Ngsi.AssertProblemAsync(await Tenant("north-district").GetAsync(Ngsi.EntityUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
        // The tenant's history is its own too.
        var history = await Tenant("water-utility").GetJsonAsync($"{Ngsi.Base}/temporal/entities/{Uri.EscapeDataString(id)}");
        Assert.Equal(20.0, history.GetProperty("speed")[0].GetProperty("value").GetDouble());
    }

    private HttpClient Tenant(string tenant)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", TestAccess.TenantKeyOf(tenant, "admin"));
        client.DefaultRequestHeaders.Add("NGSILD-Tenant", tenant);
        return client;
    }
}
