using System.Net;
using System.Threading.Channels;
using CityMesh.Access;
using CityMesh.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Server.Tests.Access;

/// <summary>
/// NGSI-LD tenants (<c>NGSILD-Tenant</c>) with roles of their own: a tenant's callers reach its entities and nothing
/// else, the city's callers never reach a tenant's, and the same id lives separately in each. The twin declares
/// <see cref="TestAccess.Tenants"/>, each with a key per role.
/// </summary>
public sealed class TenantTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string Water = "water-utility", North = "north-district";

    private HttpClient TenantClient(string tenant, string role, string? header = "same")
    {
        var client = factory.ClientAs(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestAccess.TenantKeyOf(tenant, role));
        if (header is not null) client.DefaultRequestHeaders.Add(Tenants.Header, header == "same" ? tenant : header);
        return client;
    }

    private static string Pipe(string id, double pressure = 3.2) => $$$"""
        {"id": "{{{id}}}", "type": "WaterPipe",
         "pressure": {"type": "Property", "value": {{{pressure.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "observedAt": "2026-03-01T08:00:00Z"}}
        """;

    [Fact]
    public async Task A_tenant_operator_writes_and_a_tenant_viewer_reads_its_entities_which_the_city_never_sees()
    {
        var id = Ngsi.NewId("WaterPipe");
        var create = await TenantClient(Water, "operator").PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(id)));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal(Water, Assert.Single(create.Headers.GetValues(Tenants.Header)));

        var viewer = TenantClient(Water, "viewer");
        var read = await viewer.GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(3.2, read.GetProperty("pressure").GetDouble());
        Assert.Single((await viewer.GetJsonAsync($"{Ngsi.Base}/entities?type=WaterPipe&id={Uri.EscapeDataString(id)}")).EnumerateArray());

        // The city's admin, without the header, finds nothing; the other tenant's admin is refused the tenant outright.
        var cityAdmin = factory.CreateClient();
        await Ngsi.AssertProblemAsync(await cityAdmin.GetAsync(Ngsi.EntityUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.DoesNotContain(id, (await cityAdmin.GetJsonAsync($"{Ngsi.Base}/entities?type=WaterPipe")).EnumerateArray()
            .Select(e => e.GetProperty("id").GetString()));
        await Ngsi.AssertProblemAsync(await TenantClient(North, "admin").GetAsync(Ngsi.EntityUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
    }

    [Fact]
    public async Task The_same_id_lives_separately_in_the_city_and_in_each_tenant()
    {
        var id = Ngsi.NewId("WaterPipe");
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(id, 1.0)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TenantClient(Water, "operator").PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(id, 2.0)))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await TenantClient(North, "operator").PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(id, 3.0)))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await TenantClient(Water, "operator").DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);

        Assert.Equal(1.0, (await factory.CreateClient().GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues")).GetProperty("pressure").GetDouble());
        await Ngsi.AssertProblemAsync(await TenantClient(Water, "viewer").GetAsync(Ngsi.EntityUrl(id)), HttpStatusCode.NotFound, "ResourceNotFound");
        Assert.Equal(3.0, (await TenantClient(North, "viewer").GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues")).GetProperty("pressure").GetDouble());
    }

    [Fact]
    public async Task A_tenant_role_means_there_what_it_means_in_the_city()
    {
        var observation = Ngsi.NewId("WaterQualityObserved");
        var provider = TenantClient(Water, "data-provider");
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(
            $$$"""{"id": "{{{observation}}}", "type": "WaterQualityObserved", "pH": {"type": "Property", "value": 7.1, "observedAt": "2026-03-01T08:00:00Z"}}"""))).StatusCode);

        // A data provider writes observations, not city objects; a viewer writes nothing.
        var problem = await provider.PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(Ngsi.NewId("WaterPipe"))));
        Assert.Equal(HttpStatusCode.Forbidden, problem.StatusCode);
        Assert.Contains("tenant water-utility", await problem.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await TenantClient(Water, "viewer").DeleteAsync(Ngsi.EntityUrl(observation))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TenantClient(Water, "viewer").GetAsync(Ngsi.EntityUrl(observation))).StatusCode);
    }

    [Fact]
    public async Task In_a_tenant_its_operators_keep_the_attributes_governance_keeps_in_the_city()
    {
        var id = Ngsi.NewId("TrafficSignal");
        var signal = $$$"""{"id": "{{{id}}}", "type": "TrafficSignal", "cycleLength": {"type": "Property", "value": 90}}""";
        var operatorClient = TenantClient(Water, "operator");
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(signal))).StatusCode);
        var patch = await operatorClient.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body("""{"cycleLength": {"type": "Property", "value": 60}}"""));
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal(60, (await TenantClient(Water, "viewer").GetJsonAsync($"{Ngsi.EntityUrl(id)}?options=keyValues")).GetProperty("cycleLength").GetInt32());
        // A tenant's viewer still writes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await TenantClient(Water, "viewer").PatchAsync($"{Ngsi.EntityUrl(id)}/attrs",
            Ngsi.Body("""{"cycleLength": {"type": "Property", "value": 30}}"""))).StatusCode);
    }

    [Theory]
    [InlineData("tenant key, no header", HttpStatusCode.Forbidden)]
    [InlineData("tenant key, another tenant", HttpStatusCode.Forbidden)]
    [InlineData("city admin, a tenant", HttpStatusCode.Forbidden)]
    [InlineData("city service, a tenant", HttpStatusCode.Forbidden)]
    [InlineData("anonymous, a tenant", HttpStatusCode.Unauthorized)]
    public async Task Callers_outside_a_tenant_are_refused_before_anything_is_read(string who, HttpStatusCode expected)
    {
        var client = who switch
        {
            "tenant key, no header" => TenantClient(Water, "admin", header: null),
            "tenant key, another tenant" => TenantClient(Water, "admin", header: North),
            "city admin, a tenant" => WithTenant(factory.CreateClient(), Water),
            "city service, a tenant" => WithTenant(factory.ClientWithToken(JwtTokens.CreateHs256(TestAccess.ServiceKey, ServiceIdentity.Issuer,
                ServiceIdentity.Audience, "service:governance", Roles.Service, TimeSpan.FromMinutes(5))), Water),
            _ => WithTenant(factory.ClientAs(null), Water),
        };
        // Open data is the city's: even its open types are not open in a tenant.
        foreach (var path in new[] { $"{Ngsi.Base}/entities?type={TwinApiFactory.OpenDataType}", $"{Ngsi.Base}/entities?type=WaterPipe" })
        {
            var response = await client.GetAsync(path);
            Assert.True(expected == response.StatusCode, $"{who} GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var write = await client.PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(Ngsi.NewId("WaterPipe"))));
        Assert.Equal(expected, write.StatusCode);
        if (expected == HttpStatusCode.Forbidden) Assert.Contains(Tenants.Header, await write.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tenant_key_holds_no_role_anywhere_else_in_the_city()
    {
        var admin = TenantClient(Water, "admin", header: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/dashboard/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/dashboard/city.json")).StatusCode);
    }

    [Theory]
    [InlineData("Water-Utility")]
    [InlineData("water_utility")]
    [InlineData("../etc")]
    [InlineData("1water")]
    public async Task A_malformed_tenant_name_is_a_bad_request_naming_the_header(string name)
    {
        var client = WithTenant(factory.CreateClient(), name);
        await Ngsi.AssertProblemAsync(await client.GetAsync($"{Ngsi.Base}/entities?type=WaterPipe"), HttpStatusCode.BadRequest, "BadRequestData", Tenants.Header);
    }

    [Fact]
    public async Task A_token_for_an_undeclared_tenant_finds_no_such_tenant()
    {
        var token = JwtTokens.CreateHs256(TestAccess.JwtKey, new Dictionary<string, object?>
        {
            ["iss"] = TestAccess.Issuer, ["aud"] = TestAccess.Audience, ["sub"] = "someone@south", ["role"] = "operator", ["tenant"] = "south-district",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        });
        var client = WithTenant(factory.ClientWithToken(token), "south-district");
        await Ngsi.AssertProblemAsync(await client.GetAsync($"{Ngsi.Base}/entities?type=WaterPipe"), HttpStatusCode.NotFound, "NonexistentTenant", Tenants.Header);

        // The same token's caller holds its role in its own tenant only, so a declared one is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await WithTenant(factory.ClientWithToken(token), Water).GetAsync($"{Ngsi.Base}/entities?type=WaterPipe")).StatusCode);
    }

    [Fact]
    public async Task A_tenants_writes_are_not_announced_as_the_citys()
    {
        var events = Channel.CreateUnbounded<CloudEvent>();
        await using var subscription = factory.Services.GetRequiredService<IEventBus>()
            .Subscribe(Topics.TwinChanged, $"tenant-test-{Guid.NewGuid():N}", (e, ct) => events.Writer.WriteAsync(e, ct).AsTask());
        var tenantId = Ngsi.NewId("WaterPipe");
        var cityId = Ngsi.NewId("WaterPipe");
        Assert.Equal(HttpStatusCode.Created, (await TenantClient(Water, "operator").PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(tenantId)))).StatusCode);
        // The city's write after it is announced; once it is seen, the tenant's would have been seen before it.
        Assert.Equal(HttpStatusCode.Created, (await factory.CreateClient().PostAsync($"{Ngsi.Base}/entities", Ngsi.Body(Pipe(cityId)))).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var announced = new List<string>();
        while (!announced.Contains(cityId))
        {
            var e = await events.Reader.ReadAsync(timeout.Token);
            announced.AddRange(e.Data.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        }
        Assert.DoesNotContain(tenantId, announced);
    }

    private static HttpClient WithTenant(HttpClient client, string tenant)
    {
        client.DefaultRequestHeaders.Add(Tenants.Header, tenant);
        return client;
    }
}
