using System.Net;
using CityMesh.Twin.Subscriptions;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>Notification endpoints may not reach the twin's own network unless a setting allows it (SSRF).</summary>
public sealed class EndpointAddressGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/notify")]
    [InlineData("http://localhost/notify")]
    [InlineData("http://[::1]/notify")]
    [InlineData("http://10.0.0.5/notify")]
    [InlineData("http://172.20.1.1/notify")]
    [InlineData("http://192.168.1.10/notify")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/notify")]
    [InlineData("http://0.0.0.0/notify")]
    [InlineData("http://[fd00::1]/notify")]
    [InlineData("http://[fe80::1]/notify")]
    [InlineData("http://[::ffff:127.0.0.1]/notify")]
    public void Internal_addresses_are_refused_naming_the_setting(string url)
    {
        var refusal = EndpointAddressGuard.Refusal(new Uri(url), allowPrivate: false);
        Assert.NotNull(refusal);
        Assert.Contains("CityMesh:Subscriptions:AllowPrivateEndpoints", refusal);
        Assert.Null(EndpointAddressGuard.Refusal(new Uri(url), allowPrivate: true));
    }

    [Theory]
    [InlineData("https://receiver.example.com/notify")]
    [InlineData("http://93.184.216.34/notify")]
    [InlineData("http://[2606:4700::1111]/notify")]
    public void Public_addresses_and_names_are_allowed(string url) => Assert.Null(EndpointAddressGuard.Refusal(new Uri(url), allowPrivate: false));

    [Fact]
    public void Other_schemes_are_refused_whatever_the_setting() =>
        Assert.Contains("http or https", EndpointAddressGuard.Refusal(new Uri("file:///etc/passwd"), allowPrivate: true));

    /// <summary>A name is checked after DNS, at connect time: one that resolves to loopback is refused there.</summary>
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        using var guarded = new HttpClient(new SocketsHttpHandler { ConnectCallback = EndpointAddressGuard.ConnectCallback(allowPrivate: false) });
        using var open = new HttpClient(new SocketsHttpHandler { ConnectCallback = EndpointAddressGuard.ConnectCallback(allowPrivate: true) });
        var url = $"http://localhost:{receiver.Port}/notify";

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}")));
        Assert.Contains("AllowPrivateEndpoints", refused.Message);
        using var allowed = await open.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
    }

    [Fact]
    public async Task A_subscription_to_an_internal_address_is_refused_when_the_setting_does_not_allow_it()
    {
        await using var host = await SubscriptionTestHost.StartAsync(settings: new Dictionary<string, string?> { ["CityMesh:Subscriptions:AllowPrivateEndpoints"] = "false" });
        using var response = await host.Http.PostAsync("/ngsi-ld/v1/subscriptions", SubscriptionTestHost.Json("""
            {"type": "Subscription", "entities": [{"type": "Building"}], "notification": {"endpoint": {"uri": "http://169.254.169.254/latest"}}}
            """));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"notification.endpoint.uri\"", body.Replace(" ", ""));
    }
}
