using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using k8s;
using CityMesh.Operator.Controller;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Tests.Controller;
using Microsoft.Extensions.Logging.Abstractions;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>
/// The fake API server and one or more operators against it, each with its metrics and health, as Program wires
/// them. Waits poll with a generous timeout; nothing asserts on timing.
/// </summary>
internal sealed class ObservedOperator : IAsyncDisposable
{
    public const string Ns = OperatorHarness.Ns;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<(OperatorHost Host, CancellationTokenSource Stop, Task Run, IKubernetes Client)> _running = [];

    private ObservedOperator(FakeKubeApiServer server)
    {
        Server = server;
        Client = server.CreateClient(defaultNamespace: Ns);
    }

    public FakeKubeApiServer Server { get; }
    public IKubernetes Client { get; }

    public static async Task<ObservedOperator> StartAsync() => new(await FakeKubeApiServer.StartAsync());

    /// <summary>An operator host, not yet running, with its own metrics (one process each).</summary>
    public OperatorHost Create(OperatorOptions? options = null, DelegatingHandler? intercept = null)
    {
        var client = intercept is null ? Server.CreateClient(defaultNamespace: Ns) : Server.CreateClient(null, Ns, intercept);
        var host = new OperatorHost(client, options ?? TestScenarios.Options(), TimeProvider.System, NullLoggerFactory.Instance, Ns, metrics: new OperatorMetrics())
        {
            LeaderElection = new LeaderElectionTiming(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)),
        };
        _running.Add((host, new CancellationTokenSource(), Task.CompletedTask, client));
        return host;
    }

    public void Run(OperatorHost host)
    {
        int i = _running.FindIndex(r => r.Host == host);
        var (_, stop, _, client) = _running[i];
        _running[i] = (host, stop, Task.Run(() => host.RunAsync(stop.Token)), client);
    }

    public OperatorHost Start(OperatorOptions? options = null, DelegatingHandler? intercept = null)
    {
        var host = Create(options, intercept);
        Run(host);
        return host;
    }

    public Task CreateScenarioAsync(string name = "retiming") =>
        Client.CreateScenarioAsync(Ns, OperatorHarness.Body(TestScenarios.Valid(name)));

    public static async Task WaitUntilAsync(Func<bool> probe, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!probe())
        {
            if (timeout.IsCancellationRequested) throw new TimeoutException($"Never happened: {what}");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (host, stop, run, client) in _running)
        {
            await stop.CancelAsync();
            try
            {
                await run.WaitAsync(Patience);
            }
            catch (OperationCanceledException)
            {
            }
            host.Metrics.Dispose(); // unpublished, so no exporter in this process reads it (see OperatorHttpTests)
            client.Dispose();
            stop.Dispose();
        }
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
