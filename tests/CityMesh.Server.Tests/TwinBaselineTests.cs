using System.Net;
using System.Text.Json;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Server;
using CityMesh.Server.Tests.ReadApi;
using CityMesh.Twin.Client;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Server.Tests;

/// <summary>
/// A scenario baseline read from a real twin (seeded with Jinan, over HTTP on loopback): the network comes back as it
/// was seeded, the signal plans as the twin holds them, and the demand from what its detectors report.
/// </summary>
public sealed class TwinBaselineTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private TwinReaderClient _reader = null!;
    private Uri _twin = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "twin"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                [GrpcPort.Key] = "0",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = RoadNetworkPath,
                ["Logging:LogLevel:Default"] = "Warning",
            }).AddInMemoryCollection(TestAccess.Settings());
        });
        await _app.StartAsync();
        _twin = _app.Services.GetRequiredService<GrpcPort>().Address;
        _reader = TwinReaderClient.Connect(_twin, new ApiKeyHandler(TestAccess.KeyOf("viewer")));
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First(u => new Uri(u).Port != _twin.Port)) };
        _http.AsAdmin().OnCityMeshContext();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await _http.GetAsync("/readyz", timeout.Token)).StatusCode != HttpStatusCode.OK) await Task.Delay(100, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _reader.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Should_Rebuild_The_Seeded_Network_From_The_Twin()
    {
        var snapshot = await TwinSnapshot.ReadAsync(_reader, _twin, "jinan", new TwinBaselineSpec(), CancellationToken.None);
        var fromTwin = ReadRoadnet(snapshot);
        var fromFile = CityFlowNetworkReader.Read(RoadNetworkPath);

        Assert.Equal(fromFile.Edges.Count, fromTwin.Edges.Count);
        foreach (var edge in fromFile.Edges)
        {
            var twinEdge = fromTwin.Edges[fromTwin.EdgeIndex[edge.Id]];
            Assert.Equal(fromFile.Junctions[edge.From].Id, fromTwin.Junctions[twinEdge.From].Id);
            Assert.Equal(fromFile.Junctions[edge.To].Id, fromTwin.Junctions[twinEdge.To].Id);
            Assert.Equal(edge.Lanes.Count, twinEdge.Lanes.Count);
            Assert.Equal(edge.Length, twinEdge.Length, 0.01);
            Assert.Equal(edge.SpeedLimit, twinEdge.SpeedLimit, 0.03); // the twin holds km/h to 0.1
        }
        Assert.Equal(Connections(fromFile), Connections(fromTwin));
        Assert.Equal(fromFile.Signals.Select(s => fromFile.Junctions[s.Junction].Id), fromTwin.Signals.Select(s => fromTwin.Junctions[s.Junction].Id));
        for (var s = 0; s < fromFile.Signals.Count; s++)
            Assert.Equal(fromFile.Signals[s].Phases, fromTwin.Signals[s].Phases);
        Assert.Equal(Enumerable.Range(0, fromFile.Junctions.Count).Select(j => fromFile.Junctions[j].Kind), fromTwin.Junctions.Select(j => j.Kind));
    }

    [Fact]
    public async Task Should_Simulate_The_Signal_Plan_The_Twin_Holds_Now()
    {
        const string signal = "urn:ngsi-ld:TrafficSignal:jinan:intersection_2_2";
        var phases = (await _http.GetJsonAsync($"{Ngsi.EntityUrl(signal)}?options=keyValues")).GetProperty("phases");
        var retimed = JsonSerializer.Serialize(phases.EnumerateArray().Select(p => new
        {
            index = p.GetProperty("index").GetInt32(),
            duration = p.GetProperty("duration").GetDouble() == 30 ? 40.0 : p.GetProperty("duration").GetDouble(),
            movements = p.GetProperty("movements"),
        }));
        // A signal plan changes only as governance executing an approved action, so the test writes as governance does.
        using var governance = new HttpClient { BaseAddress = _http.BaseAddress }.OnCityMeshContext();
        governance.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", CityMesh.Access.JwtTokens.CreateHs256(
            TestAccess.ServiceKey, CityMesh.Access.ServiceIdentity.Issuer, CityMesh.Access.ServiceIdentity.Audience, "service:governance", "service", TimeSpan.FromMinutes(5)));
        var response = await governance.PatchAsync($"{Ngsi.EntityUrl(signal)}/attrs", $$$"""{"phases":{"type":"Property","value":{{{retimed}}}}}""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var network = ReadRoadnet(await TwinSnapshot.ReadAsync(_reader, _twin, "jinan", new TwinBaselineSpec(), CancellationToken.None));
        var plan = network.Signals.Single(s => network.Junctions[s.Junction].Id == "intersection_2_2");
        Assert.Equal([5, 40, 40, 40, 40, 40, 40, 40, 40], plan.Phases.Select(p => p.Duration));
        var other = network.Signals.Single(s => network.Junctions[s.Junction].Id == "intersection_1_1");
        Assert.Equal(30, other.Phases[1].Duration);
    }

    [Fact]
    public async Task Should_Draw_The_Demand_From_What_The_Detectors_Report_And_Run_The_Scenario()
    {
        var results = Directory.CreateTempSubdirectory("citymesh-twin-baseline-").FullName;
        try
        {
            var scenario = ScenarioDocument.Parse(ScenarioYaml, "scenario.yaml");
            var spec = scenario.Spec.Baseline!.Twin!;

            // Seeded detectors have reported nothing yet: there is no demand to simulate, and the error says why.
            var silent = await TwinSnapshot.ReadAsync(_reader, _twin, "jinan", spec, CancellationToken.None);
            Assert.Equal(62, silent.Flows.Silent);
            var none = Assert.Throws<ScenarioInputException>(() => Run(scenario, silent, results));
            Assert.Equal("spec.baseline.twin", none.Field);
            Assert.Contains("gives no demand", none.Message);

            // Every detector reports 400 veh/h now, except one whose reading is an hour old.
            var now = DateTimeOffset.UtcNow;
            var ids = (await _http.GetJsonAsync($"{Ngsi.Base}/entities?type=TrafficFlowObserved&limit=100&attrs=name"))
                .EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
            Assert.Equal(62, ids.Length);
            var stale = ids.Single(id => id.EndsWith(":road_0_1_0", StringComparison.Ordinal));
            var batch = ids.Select(id => $$$"""
                {"id":"{{{id}}}","type":"TrafficFlowObserved","intensity":{"type":"Property","value":400,"observedAt":"{{{(id == stale ? now.AddHours(-1) : now).UtcDateTime:O}}}"}}
                """);
            var upsert = await _http.PostAsync($"{Ngsi.Base}/entityOperations/upsert?options=update", $"[{string.Join(",", batch)}]");
            Assert.True(upsert.IsSuccessStatusCode, await upsert.Content.ReadAsStringAsync());

            var snapshot = await TwinSnapshot.ReadAsync(_reader, _twin, "jinan", spec, CancellationToken.None);
            Assert.Equal(61, snapshot.Flows.ByRoad.Count);
            Assert.Equal(1, snapshot.Flows.Stale);
            Assert.False(snapshot.Flows.ByRoad.ContainsKey("road_0_1_0"));

            var run = Run(scenario, snapshot, results);
            var baseline = run.Runs.First(r => r.Variant == TrafficVariant.BaselineName);
            Assert.Contains(baseline.Notes, n => n.Contains("demand from 61 of 62 detectors (1 stale", StringComparison.Ordinal));
            // 13 observed entries at 400 veh/h over 10 minutes, about 870 trips; the stale entry sends nobody.
            Assert.Contains(baseline.Notes, n => n.Contains("5,200 vehicles/h entering at 14 boundary roads (1 without a reading)", StringComparison.Ordinal));
            Assert.InRange(baseline.Summary.Arrived, 300, 1000);
            Assert.True(File.Exists(Path.Combine(results, "0", "twin-roadnet.json")));
            Assert.Contains("road_1_1_0,400", File.ReadAllText(Path.Combine(results, "0", "twin-flows.csv")));
            Assert.True(run.Kpis.Interventions.Single().Values["meanTravelTime"] > 0);
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public async Task Should_Say_Which_Twin_Holds_No_Such_City()
    {
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() => TwinSnapshot.ReadAsync(_reader, _twin, "tainan", new TwinBaselineSpec(), CancellationToken.None));
        Assert.Equal("spec.baseline.twin", e.Field);
        Assert.Contains(_twin.ToString(), e.Message);
        Assert.Contains("no road segments", e.Message);
    }

    [Fact]
    public async Task Should_Retry_Then_Name_The_Twin_That_Cannot_Be_Reached()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var client = TwinReaderClient.Connect(closed, options: new TwinReaderOptions { Attempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() => TwinSnapshot.ReadAsync(client, closed, "jinan", new TwinBaselineSpec(), CancellationToken.None));
        Assert.Equal("spec.baseline.twin", e.Field);
        Assert.Contains(closed.ToString(), e.Message);
        Assert.Contains("Unavailable", e.Message);
    }

    [Fact]
    public async Task Should_Refuse_A_Window_That_Is_Not_A_Duration()
    {
        var e = await Assert.ThrowsAsync<ScenarioInputException>(() =>
            TwinSnapshot.ReadAsync(_reader, _twin, "jinan", new TwinBaselineSpec { MaxObservationAge = "soon" }, CancellationToken.None));
        Assert.Equal("spec.baseline.twin.maxObservationAge", e.Field);
    }

    private static ScenarioRunResult Run(TwinScenario scenario, TwinSnapshot snapshot, string results) =>
        ScenarioRunner.Run(scenario, new ScenarioRunOptions(results, new InputFiles(results, results), Compute: CityMesh.Compute.ComputeSelector.Select("managed"), Twin: snapshot));

    private static TrafficNetwork ReadRoadnet(TwinSnapshot snapshot)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("citymesh-roadnet-").FullName, "roadnet.json");
        File.WriteAllText(path, snapshot.Roadnet.ToJsonString());
        try
        {
            return CityFlowNetworkReader.Read(path);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static string[] Connections(TrafficNetwork n) =>
        [.. n.Connections.Select(c => $"{n.Lanes[c.FromLane].Id}>{n.Lanes[c.ToLane].Id}:{c.Turn}:{c.LinkIndex}:{Math.Round(c.Via, 1)}").Order(StringComparer.Ordinal)];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const string ScenarioYaml = """
        apiVersion: citymesh.io/v1alpha1
        kind: TwinScenario
        metadata:
          name: twin-now
          namespace: jinan
        spec:
          city: jinan
          simulation: traffic
          baseline:
            twin:
              maxObservationAge: 15m
          interventions:
          - name: max-pressure
            signals:
              controller: max-pressure
          horizon: 10m
          seed: 3
          compute:
            accelerator: cpu
        """;

    private static string RoadNetworkPath => SharedData.Jinan("roadnet_3_4.json");
}
