using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Operator.Controller;
using CityMesh.Kubernetes.Fake;
using CityMesh.Scenarios.Model;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>
/// The fake API server, a client, and operators running against it over real HTTP. The operator's clock is manual
/// (the GPU timeout is advanced by hand); its work queue runs on the system clock so retries happen by themselves.
/// Waits poll the server with a generous timeout; nothing asserts on timing.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Ns = "city";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<RunningOperator> _operators = [];

    private OperatorHarness(FakeKubeApiServer server)
    {
        Server = server;
        Client = server.CreateClient(defaultNamespace: Ns);
    }

    public FakeKubeApiServer Server { get; }
    public IKubernetes Client { get; }
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public static async Task<OperatorHarness> StartAsync() => new(await FakeKubeApiServer.StartAsync());

    public sealed record RunningOperator(OperatorHost Host, CancellationTokenSource Stop, Task Run, IKubernetes Client);

    /// <summary>
    /// Starts an operator instance; <paramref name="systemClock"/> for leader election, which sleeps on its clock;
    /// <paramref name="intercept"/> sees every request the instance sends (given the token that stops the instance).
    /// </summary>
    public RunningOperator StartOperator(OperatorOptions? options = null, bool systemClock = false, string? identity = null,
        Func<CancellationTokenSource, DelegatingHandler>? intercept = null, string? token = null)
    {
        options ??= Scenarios.Options();
        if (identity is not null) options.Identity = identity;
        var stop = new CancellationTokenSource();
        var client = intercept is null ? Server.CreateClient(token, Ns) : Server.CreateClient(token, Ns, intercept(stop));
        var host = new OperatorHost(client, options, systemClock ? TimeProvider.System : Clock, NullLoggerFactory.Instance, Ns, TimeProvider.System)
        {
            // Long lease and deadline so a slow shared machine never loses it by accident; a short retry so takeover after release is quick.
            LeaderElection = new LeaderElectionTiming(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)),
        };
        var run = Task.Run(() => host.RunAsync(stop.Token));
        var op = new RunningOperator(host, stop, run, client);
        _operators.Add(op);
        return op;
    }

    public async Task StopAsync(RunningOperator op)
    {
        await op.Stop.CancelAsync();
        try
        {
            await op.Run.WaitAsync(Patience);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public Task<JsonObject> CreateAsync(TwinScenario s) => Client.CreateScenarioAsync(Ns, Body(s));

    /// <summary>The scenario as a user would create it: name and spec.</summary>
    public static JsonObject Body(TwinScenario s) => JsonSerializer.SerializeToNode(new TwinScenario
    {
        Metadata = new ObjectMeta { Name = s.Metadata.Name, Namespace = Ns },
        Spec = s.Spec,
    }, ScenarioJson.Options)!.AsObject();

    public TwinScenario? Scenario(string name) =>
        Server.Get(KubeResource.TwinScenarios, Ns, name)?.Deserialize<TwinScenario>(ScenarioJson.Options);

    public JsonObject? Job(string name) => Server.Get(KubeResource.Jobs, Ns, name);

    public int JobPosts() => Server.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/jobs", StringComparison.Ordinal));

    public int JobPostsSucceeded() => Server.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/jobs", StringComparison.Ordinal) && r.StatusCode is >= 200 and < 300);

    public async Task<TwinScenario> WaitForAsync(string name, Func<TwinScenario, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        TwinScenario? last = null;
        while (!timeout.IsCancellationRequested)
        {
            last = Scenario(name);
            if (last is not null && condition(last)) return last;
            await Task.Delay(20, CancellationToken.None);
        }
        throw new TimeoutException($"TwinScenario {name} never reached: {what}. Last status: {JsonSerializer.Serialize(last?.Status, ScenarioJson.Options)}");
    }

    public async Task<T> WaitForAsync<T>(Func<T?> probe, string what) where T : class
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!timeout.IsCancellationRequested)
        {
            if (probe() is { } found) return found;
            await Task.Delay(20, CancellationToken.None);
        }
        throw new TimeoutException($"Never happened: {what}");
    }

    public async Task WaitUntilAsync(Func<bool> probe, string what) =>
        await WaitForAsync<object>(() => probe() ? new object() : null, what);

    /// <summary>A pod of the Job, owned by it (so it is collected with it), as the kubelet would report it.</summary>
    public JsonObject UpsertPod(JsonObject job, int index, string phase, int? progress = null, string? message = null, bool unschedulable = false,
        string schedulerMessage = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
    {
        var labels = job["metadata"]!["labels"]!;
        var pod = TestObjects.Pod(job["metadata"]!["name"]!.GetValue<string>(), Ns, index, phase,
            backend: labels["citymesh.io/backend"]!.GetValue<string>(),
            generation: long.Parse(labels["citymesh.io/generation"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            scenario: labels["citymesh.io/scenario"]!.GetValue<string>(),
            progress: progress, terminationMessage: message, unschedulable: unschedulable, schedulerMessage: schedulerMessage);
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = job["metadata"]!["name"]!.GetValue<string>(),
            ["uid"] = job["metadata"]!["uid"]!.GetValue<string>(), ["controller"] = true,
        });
        return Server.Upsert(KubeResource.Pods, pod);
    }

    public JsonObject SetJobStatus(JsonObject job, string? condition = null, string? reason = null, int failed = 0, int succeeded = 0, int active = 0) =>
        Server.Upsert(KubeResource.Jobs, TestObjects.WithJobStatus(Server.Get(KubeResource.Jobs, Ns, job["metadata"]!["name"]!.GetValue<string>())!,
            condition, reason, failed, succeeded, active));

    public async ValueTask DisposeAsync()
    {
        foreach (var op in _operators)
        {
            await StopAsync(op);
            // Its meter is process-wide, named as the real operator's: left published, an exporter in this
            // process (OperatorHttpTests' app) would read its gauges too.
            op.Host.Metrics.Dispose();
            op.Client.Dispose();
            op.Stop.Dispose();
        }
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
