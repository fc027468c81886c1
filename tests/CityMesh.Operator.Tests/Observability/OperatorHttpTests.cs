using System.Net;
using System.Net.Sockets;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Tests.Controller;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>
/// The app's exporter reads every meter named CityMesh.* in the process, and the other operator tests each run
/// hosts whose (private) meters carry the real operator's name: with one running beside it, /metrics would show
/// that host's leadership and scenarios as well. So this runs alone, after the parallel tests, which unpublish
/// their meters when they finish.
/// </summary>
[CollectionDefinition(nameof(ProcessMeters), DisableParallelization = true)]
public sealed class ProcessMeters;

/// <summary>The real process composition (OperatorApp) against the fake API server, probed over HTTP.</summary>
[Collection(nameof(ProcessMeters))]
public sealed class OperatorHttpTests
{
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static Microsoft.AspNetCore.Builder.WebApplication Build(FakeKubeApiServer server, int port) =>
        OperatorApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Operator:HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Operator:LeaderElection"] = "false",
                ["Operator:WatchNamespace"] = OperatorHarness.Ns,
                ["Operator:Identity"] = "http-test",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton(server.ClientConfiguration(defaultNamespace: OperatorHarness.Ns));
        });

    [Fact]
    public async Task Should_Serve_Healthz_Readyz_And_Metrics_Over_Http()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        var (app, port) = await StartOnAFreePortAsync(server);
        await using var _ = app;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

        using (var live = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("ok\n", await live.Content.ReadAsStringAsync());
        }

        HttpResponseMessage? ready = null;
        await ObservedOperator.WaitUntilAsync(() =>
        {
            ready?.Dispose();
            ready = http.GetAsync(new Uri("/readyz", UriKind.Relative)).GetAwaiter().GetResult();
            return ready.StatusCode == HttpStatusCode.OK;
        }, "/readyz 200");
        Assert.Equal("ok: leader election off; informers synced\n", await ready!.Content.ReadAsStringAsync());
        ready.Dispose();

        using var client = server.CreateClient(defaultNamespace: OperatorHarness.Ns);
        await client.CreateScenarioAsync(OperatorHarness.Ns, OperatorHarness.Body(TestScenarios.Valid()));
        await ObservedOperator.WaitUntilAsync(() => server.Get(KubeResource.Jobs, OperatorHarness.Ns, "retiming-g1") is not null, "the Job");

        using var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.ToString());
        var page = await metrics.Content.ReadAsStringAsync();
        // The Job is created inside the reconcile, before the reconcile is counted: wait for the count. The phase
        // gauge counts the scenarios the informer holds, which sees the reconcile's status write a moment later.
        await ObservedOperator.WaitUntilAsync(() =>
        {
            page = http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).GetAwaiter().GetResult();
            // Gauges are read one after another in a scrape: wait for one page in which the running controller
            // shows in all of them (under load a controller run can restart between two reads).
            return Sample(page, "citymesh_operator_reconciles_total", "citymesh_reconcile_result=\"done\"") >= 1
                && Sample(page, "citymesh_operator_scenarios", "citymesh_scenario_phase=\"Pending\"") >= 1
                && Sample(page, "citymesh_operator_leader", "") == 1;
        }, "a counted reconcile, its scenario counted as Pending and the controller leading, on one page");
        Assert.Equal(1, Sample(page, "citymesh_operator_leader", ""));
        Assert.Equal(1, Sample(page, "citymesh_operator_scenarios", "citymesh_scenario_phase=\"Pending\""));
        Assert.Contains("citymesh_operator_reconcile_duration_seconds_bucket", page);
        Assert.Contains("target_info{service_name=\"citymesh-operator\"", page);

        await app.StopAsync();
    }

    /// <summary>
    /// The app takes a fixed port (0 means "no HTTP"), so the test picks a free one; another process may bind it
    /// between the probe and the app's start, so a port found taken is given up for another.
    /// </summary>
    private static async Task<(Microsoft.AspNetCore.Builder.WebApplication App, int Port)> StartOnAFreePortAsync(FakeKubeApiServer server)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreeLoopbackPort();
            var app = Build(server, port);
            try
            {
                await app.StartAsync();
                return (app, port);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Should_Listen_Nowhere_When_The_Port_Is_Zero()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        await using var app = Build(server, 0);

        Assert.IsType<NoHttpServer>(app.Services.GetRequiredService<IServer>());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(70000)]
    public async Task Should_Refuse_A_Port_That_Is_Not_One(int port)
    {
        await using var server = await FakeKubeApiServer.StartAsync();

        var e = Assert.Throws<InvalidOperationException>(() => Build(server, port));

        Assert.Contains($"Operator:HttpPort is {port}", e.Message);
    }

    /// <summary>A sample's value in Prometheus text: the first line of the metric whose labels hold <paramref name="label"/>; -1 when none.</summary>
    private static double Sample(string page, string metric, string label)
    {
        var line = page.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? -1 : double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
