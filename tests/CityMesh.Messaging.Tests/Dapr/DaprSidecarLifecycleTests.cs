using CityMesh.Messaging.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Messaging.Tests.Dapr;

public sealed class DaprSidecarLifecycleTests
{
    [Fact]
    public async Task Should_Not_Serve_Until_The_Sidecar_Is_Ready()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync(s => s.OutboundReady = false);
        await using var app = DaprTestApp.Build(sidecar);
        var starting = app.StartAsync();
        await Task.Delay(300);
        Assert.False(starting.IsCompleted, "the host started before the sidecar was ready");
        sidecar.OutboundReady = true;
        await starting.WaitAsync(TimeSpan.FromSeconds(5));
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(new Uri(app.Urls.First()), "/readyz"))).StatusCode);
        sidecar.OutboundReady = false;
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri(new Uri(app.Urls.First()), "/readyz"))).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Should_Fail_Start_Up_When_The_Sidecar_Stays_Unready_Past_The_Timeout()
    {
        await using var sidecar = await FakeDaprSidecar.StartAsync(s => s.OutboundReady = false);
        await using var app = DaprTestApp.Build(sidecar, new Dictionary<string, string?> { ["DAPR_HEALTH_TIMEOUT"] = "0.3" });
        var error = await Assert.ThrowsAsync<DaprSidecarException>(() => app.StartAsync());
        Assert.Contains("DAPR_HEALTH_TIMEOUT", error.Message);
        Assert.Contains(sidecar.Endpoint.Authority, error.Message);
    }

    [Fact]
    public void Should_Read_The_Sidecar_Environment()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DAPR_HTTP_PORT"] = "3601", ["DAPR_GRPC_PORT"] = "50099", ["DAPR_API_TOKEN"] = "a", ["APP_API_TOKEN"] = "b", ["DAPR_HEALTH_TIMEOUT"] = "12",
        }).Build();
        var options = DaprOptions.FromConfiguration(config);
        Assert.Equal(new Uri("http://127.0.0.1:3601"), options.SidecarEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:50099"), options.SidecarGrpcEndpoint);
        Assert.Equal(("a", "b"), (options.ApiToken, options.AppApiToken));
        Assert.Equal(TimeSpan.FromSeconds(12), options.HealthWait);
    }
}
