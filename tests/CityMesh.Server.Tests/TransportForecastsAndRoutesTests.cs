using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Server.Tests;

/// <summary>
/// The transport service's forecasts and routes in the all-in-one city: the forecaster trains on simulated days of
/// the twin's own network while the morning traffic runs, then answers per detector; routes come from live readings.
/// </summary>
public sealed class TransportForecastsAndRoutesTests : IAsyncLifetime
{
    private const string ViewerKey = "viewer-key-0123456789abcdef00";

    private WebApplication _app = null!;
    private HttpClient _viewer = null!, _anonymous = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "all"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = SharedData.Jinan("roadnet_3_4.json"),
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:StartTimeOfDay"] = "07:30:00",
                ["CityMesh:Telemetry:TimeAcceleration"] = "120",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
                ["CityMesh:Transport:Retiming:Automatic"] = "false",
                ["CityMesh:Transport:Forecasting:TrainAtStart"] = "true",
                ["CityMesh:Transport:Forecasting:TrainingDays"] = "2",
                ["CityMesh:Transport:Forecasting:TrainingFlow"] = SharedData.Jinan("anon_3_4_jinan_real.json"),
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        await _app.StartAsync();
        var address = new Uri(GrpcPort.HttpAddress(_app) + "/");
        _viewer = new HttpClient { BaseAddress = address };
        _viewer.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
        _anonymous = new HttpClient { BaseAddress = address };
    }

    public async Task DisposeAsync()
    {
        _viewer.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Should_Forecast_Each_Detector_Once_Trained_On_The_Twins_Network()
    {
        const string detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:road_1_1_0";
        JsonElement? forecast = null;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (forecast is null && DateTime.UtcNow < deadline)
        {
            var answer = await _viewer.GetAsync($"transport/forecasts/{Uri.EscapeDataString(detector)}");
            if (answer.StatusCode == HttpStatusCode.OK) forecast = await answer.Content.ReadFromJsonAsync<JsonElement>();
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.Matches("training on simulated days: [0-9] of 2 done|waiting for the road network", await answer.Content.ReadAsStringAsync());
                await Task.Delay(1000);
            }
        }
        Assert.NotNull(forecast);
        Assert.Equal("road_1_1_0", forecast.Value.GetProperty("road").GetString());
        var horizons = forecast.Value.GetProperty("horizons").EnumerateArray().ToList();
        Assert.Equal([15, 30, 60], horizons.Select(h => h.GetProperty("minutes").GetInt32()));
        Assert.All(horizons, h => Assert.True(h.GetProperty("flowPerHour").GetDouble() >= 0));

        var unknown = await _viewer.GetAsync("transport/forecasts/urn:ngsi-ld:TrafficFlowObserved:jinan:nowhere");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nowhere", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.GetAsync($"transport/forecasts/{Uri.EscapeDataString(detector)}")).StatusCode);
    }

    [Fact]
    public async Task Should_Route_An_Emergency_Vehicle_Across_Jinan_On_Live_Readings()
    {
        var request = new
        {
            from = new { intersection = "urn:ngsi-ld:Intersection:jinan:intersection_1_1" },
            to = new { intersection = "urn:ngsi-ld:Intersection:jinan:intersection_4_3" },
            vehicle = "emergency",
        };
        HttpResponseMessage answer;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do answer = await _viewer.PostAsJsonAsync("transport/routes", request);
        while (answer.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var plan = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var roads = plan.GetProperty("roads").EnumerateArray().ToList();
        Assert.True(roads.Count >= 5, $"{roads.Count} roads from (1,1) to (4,3)");
        Assert.True(plan.GetProperty("etaSeconds").GetDouble() > 0);
        Assert.NotEqual(0, plan.GetProperty("preempt").GetArrayLength());

        var unknown = await _viewer.PostAsJsonAsync("transport/routes", new { from = new { intersection = "urn:ngsi-ld:Intersection:jinan:intersection_9_9" }, to = request.to, vehicle = "fleet" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("from.intersection", await unknown.Content.ReadAsStringAsync());
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(500);
        return true;
    }
}
