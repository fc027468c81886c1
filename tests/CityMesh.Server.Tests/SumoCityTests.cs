using CityMesh.Simulation.Tests.Import;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Server.Tests;

/// <summary>
/// The all-in-one city seeded from SUMO's A10 network (Berlin's ring motorway at Königs Wusterhausen) with its
/// passenger routes: Berlin's roads in the NGSI-LD API where they are on the earth, the telemetry simulator's
/// detectors reading the simulated traffic, and the transport service working on the network it reads from the twin.
/// </summary>
public sealed class SumoCityTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "all"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                [GrpcPort.Key] = "0",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:Name"] = "A10KW",
                ["CityMesh:City:RoadNetwork"] = SumoExamples.A10,
                ["CityMesh:City:RoadNetworkFormat"] = "Sumo",
                ["CityMesh:City:UtcOffset"] = "01:00:00",
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:TrafficFlow"] = SumoExamples.A10Routes,
                ["CityMesh:Telemetry:TimeAcceleration"] = "60",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.500",
                ["CityMesh:Transport:Retiming:Automatic"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            }).AddInMemoryCollection(TestAccess.Settings());
        });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(GrpcPort.HttpAddress(_app) + "/") };
        _http.AsAdmin().OnCityMeshContext();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while ((await _http.GetAsync("readyz", timeout.Token)).StatusCode != HttpStatusCode.OK) await Task.Delay(100, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [SumoExamplesFact]
    public async Task Berlins_roads_are_in_the_API_where_they_are_on_the_earth()
    {
        // Within 1.5 km of 52.30 N 13.60 E, the A10 interchange at Königs Wusterhausen.
        var answer = await _http.GetAsync($"{Ngsi.Base}/entities?type=RoadSegment&georel=near;maxDistance==1500&geometry=Point&coordinates=%5B13.60,52.30%5D&limit=1000&count=true");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var roads = (await answer.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.True(roads.Count >= 20, $"{roads.Count} roads near 52.30 N 13.60 E");
        Assert.True(int.Parse(answer.Headers.GetValues("NGSILD-Results-Count").Single(), System.Globalization.CultureInfo.InvariantCulture) < 462, "not every road is near");
        Assert.All(roads, road =>
        {
            Assert.StartsWith("urn:ngsi-ld:RoadSegment:a10kw:", road.GetProperty("id").GetString());
            foreach (var position in road.GetProperty("location").GetProperty("value").GetProperty("coordinates").EnumerateArray())
            {
                Assert.InRange(position[0].GetDouble(), 13.5766, 13.6311);
                Assert.InRange(position[1].GetDouble(), 52.2915, 52.3200);
            }
        });
    }

    [SumoExamplesFact]
    public async Task A_road_whose_SUMO_id_holds_a_hash_is_found_by_its_escaped_id()
    {
        var answer = await _http.GetAsync(Ngsi.EntityUrl("urn:ngsi-ld:RoadSegment:a10kw:-156640643%231"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var road = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("-156640643#1", road.GetProperty("name").GetProperty("value").GetString());
        var end = road.GetProperty("refEndIntersection").GetProperty("object").GetString()!;
        Assert.StartsWith("urn:ngsi-ld:Intersection:a10kw:", end);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Ngsi.EntityUrl(end))).StatusCode);
    }

    [SumoExamplesFact]
    public async Task The_transport_service_reads_the_network_back_with_its_lights_and_the_detectors_simulated_readings()
    {
        JsonElement summary = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var answer = await _http.GetAsync("transport/network");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                summary = await answer.Content.ReadFromJsonAsync<JsonElement>();
                if (summary.GetProperty("roadsWithReadings").GetInt32() > 0) break;
            }
            await Task.Delay(500);
        }

        Assert.Equal(JsonValueKind.Object, summary.ValueKind);
        Assert.Equal("a10kw", summary.GetProperty("city").GetString());
        Assert.Equal(462, summary.GetProperty("roads").GetInt32()); // 509 edges, less 47 footways and cycle paths
        Assert.Equal(2, summary.GetProperty("signals").GetInt32());
        Assert.True(summary.GetProperty("roadsWithReadings").GetInt32() > 0, "no detector has reported yet");

        // The first rounds may find the routes' first vehicles still between detectors (A10's depart at their edge's end).
        JsonElement detectors;
        do
        {
            detectors = await _http.GetFromJsonAsync<JsonElement>($"{Ngsi.Base}/entities?type=TrafficFlowObserved&q=intensity>0&limit=1000");
            if (detectors.GetArrayLength() > 0) break;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True(detectors.GetArrayLength() > 0, "no detector reads simulated vehicles");
    }
}
