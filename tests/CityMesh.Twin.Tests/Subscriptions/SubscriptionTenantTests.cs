using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Access;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>A tenant's subscriptions see only that tenant's entities, and the city's only the city's.</summary>
public sealed class SubscriptionTenantTests : IAsyncLifetime
{
    private const string Tenant = "water-utility";
    private const string TenantKey = "water-utility-operator-key-0123456789";

    private NotificationReceiver _receiver = null!;
    private SubscriptionTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _host = await SubscriptionTestHost.StartAsync(tenants: [Tenant], settings: new Dictionary<string, string?>
        {
            ["CityMesh:Access:ApiKeys:1:Name"] = "water-operator",
            ["CityMesh:Access:ApiKeys:1:Role"] = Roles.Operator,
            ["CityMesh:Access:ApiKeys:1:Key"] = TenantKey,
            ["CityMesh:Access:ApiKeys:1:Tenant"] = Tenant,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private HttpClient TenantClient()
    {
        var http = new HttpClient { BaseAddress = _host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Add(AccessAuthentication.ApiKeyHeader, TenantKey);
        http.DefaultRequestHeaders.Add(Tenants.Header, Tenant);
        return http;
    }

    private string Subscription(string path) => $$"""
        {"type": "Subscription", "entities": [{"type": "AirQualityObserved"}], "notification": {"endpoint": {"uri": "{{_receiver.Url(path)}}"} } }
        """;

    private static StringContent Entity(string id) => SubscriptionTestHost.Json($$"""
        {"id": "{{id}}", "type": "AirQualityObserved", "no2": {"type": "Property", "value": 1} }
        """);

    [Fact]
    public async Task Each_space_is_notified_of_its_own_entities_only()
    {
        using var tenant = TenantClient();
        using (var created = await tenant.PostAsync("/ngsi-ld/v1/subscriptions", SubscriptionTestHost.Json(Subscription("tenant"))))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await _host.SubscribeAsync(Subscription("city"));

        await _host.CreateEntityAsync("""{"id": "urn:ngsi-ld:AirQualityObserved:city:1", "type": "AirQualityObserved", "no2": {"type": "Property", "value": 1}}""");
        using (var created = await tenant.PostAsync("/ngsi-ld/v1/entities", Entity("urn:ngsi-ld:AirQualityObserved:water:1")))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var received = new[] { await _receiver.NextAsync(), await _receiver.NextAsync() }.ToDictionary(r => r.Path);
        Assert.Equal("urn:ngsi-ld:AirQualityObserved:city:1", Assert.Single(received["city"].Data).GetProperty("id").GetString());
        Assert.Null(received["city"].Header(Tenants.Header));
        Assert.Equal("urn:ngsi-ld:AirQualityObserved:water:1", Assert.Single(received["tenant"].Data).GetProperty("id").GetString());
        Assert.Equal(Tenant, received["tenant"].Header(Tenants.Header));
        Assert.Equal(0, _receiver.Waiting);
    }

    [Fact]
    public async Task A_tenant_lists_only_its_subscriptions_and_cannot_reach_the_citys()
    {
        using var tenant = TenantClient();
        var city = await _host.SubscribeAsync(Subscription("city"));
        using (var created = await tenant.PostAsync("/ngsi-ld/v1/subscriptions", SubscriptionTestHost.Json(Subscription("tenant"))))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var listed = await tenant.GetFromJsonAsync<JsonElement>("/ngsi-ld/v1/subscriptions");
        Assert.Single(listed.EnumerateArray());
        Assert.NotEqual(city, listed[0].GetProperty("id").GetString());
        using var get = await tenant.GetAsync($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(city)}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var delete = await tenant.DeleteAsync($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(city)}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }
}
