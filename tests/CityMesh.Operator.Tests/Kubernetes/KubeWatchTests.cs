using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

public sealed class KubeWatchTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    [Fact]
    public async Task Should_Deliver_Events_After_The_Resource_Version_And_Bookmarks()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        using var client = server.CreateClient();
        var ct = Ct;
        await client.CreateAsync(Ts, "city", Scenario("before"), ct);
        var list = await client.ListAsync(Ts, "city", null, ct);
        var created = await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        await client.DeleteAsync(Ts, "city", "a", ct);

        var seen = new List<WatchEvent>();
        await foreach (var evt in client.WatchAsync(Ts, "city", list.ResourceVersion, null, ct))
        {
            seen.Add(evt);
            if (evt.Type == "BOOKMARK") break;
        }

        Assert.Equal(["ADDED", "DELETED", "BOOKMARK"], seen.Select(e => e.Type));
        Assert.Equal("a", Name(seen[0].Object));
        Assert.Equal(Rv(created), Rv(seen[0].Object));
        Assert.Equal(server.ResourceVersion, Rv(seen[2].Object));
        // A watch is logged when its stream closes.
        await EventuallyAsync(() => server.Requests.Any(r => r.PathAndQuery.Contains("watch=1", StringComparison.Ordinal)
            && r.PathAndQuery.Contains("allowWatchBookmarks=true", StringComparison.Ordinal)
            && r.PathAndQuery.Contains("timeoutSeconds=", StringComparison.Ordinal)), "the watch request in the log");
    }

    [Fact]
    public async Task Should_Throw_Gone_When_Watching_From_A_Compacted_Resource_Version()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var old = (await client.ListAsync(Ts, "city", null, ct)).ResourceVersion;
        await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        server.Compact();

        var e = await Assert.ThrowsAsync<KubeGoneException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(Ts, "city", old, null, ct)) { }
        });
        Assert.Contains("too old resource version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Informer_Should_Relist_After_Gone_Dispatching_Deletes_And_Carry_On()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        await client.CreateAsync(Ts, "city", Scenario("keep"), ct);
        await client.CreateAsync(Ts, "city", Scenario("doomed"), ct);

        // An API whose watch refuses to open while the gate is shut, standing in for a watch that is down.
        var gated = new GatedWatchApi(client);
        var informer = new KubeInformer(gated, Ts, "city", null, NullLogger.Instance);
        var events = new List<InformerEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync((e, _) => { lock (events) events.Add(e); return Task.CompletedTask; }, stop.Token);
        await informer.WaitForSyncAsync(ct);
        Assert.Equal(2, informer.Items.Count);
        await EventuallyAsync(() => gated.WatchesOpened >= 1, "first watch");

        gated.Shut = true;
        server.EndWatches();
        await client.DeleteAsync(Ts, "city", "doomed", ct);
        server.Compact();
        gated.Shut = false;

        await EventuallyAsync(() => { lock (events) return events.Any(e => e.Type == "DELETED" && e.Key == "city/doomed"); }, "DELETED from relist");
        Assert.Null(informer.TryGet("city/doomed"));
        Assert.NotNull(informer.TryGet("city/keep"));

        await client.CreateAsync(Ts, "city", Scenario("later"), ct);
        await EventuallyAsync(() => informer.TryGet("city/later") is not null, "ADDED after relist");
        lock (events) Assert.Equal(1, events.Count(e => e.Type == "ADDED" && e.Key == "city/later"));

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Informer_Should_Rewatch_After_The_Stream_Ends()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var informer = new KubeInformer(client, Ts, null, null, NullLogger.Instance);
        var events = new List<InformerEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync((e, _) => { lock (events) events.Add(e); return Task.CompletedTask; }, stop.Token);
        await informer.WaitForSyncAsync(ct);
        Assert.True(informer.HasSynced);

        await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        await EventuallyAsync(() => informer.TryGet("city/a") is not null, "a");
        server.EndWatches();
        await client.CreateAsync(Ts, "city", Scenario("b"), ct);
        var b = await client.GetAsync(Ts, "city", "b", ct);
        b!["spec"]!["replicas"] = 2;
        await client.ReplaceAsync(Ts, "city", "b", b, ct);

        await EventuallyAsync(() => { lock (events) return events.Any(e => e.Type == "MODIFIED" && e.Key == "city/b"); }, "b modified");
        lock (events)
        {
            // Nothing is lost or repeated across the reconnect: the rewatch starts at the last resourceVersion.
            Assert.Equal(["ADDED city/a", "ADDED city/b", "MODIFIED city/b"], events.Select(e => $"{e.Type} {e.Key}"));
        }
        Assert.Equal(1, server.Requests.Count(r => r.PathAndQuery.Contains("limit=500", StringComparison.Ordinal)));

        await stop.CancelAsync();
        await run;
    }

    /// <summary>Passes calls through, except that a watch fails (503) while <see cref="Shut"/> is set.</summary>
    private sealed class GatedWatchApi(IKubeApi inner) : IKubeApi
    {
        public volatile bool Shut;
        private int _opened;
        public int WatchesOpened => _opened;

        public async IAsyncEnumerable<WatchEvent> WatchAsync(KubeResource resource, string? ns, string resourceVersion, string? labelSelector,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            if (Shut) throw new KubeApiException(503, "ServiceUnavailable", "watch is down");
            Interlocked.Increment(ref _opened);
            await foreach (var e in inner.WatchAsync(resource, ns, resourceVersion, labelSelector, ct)) yield return e;
        }

        public Task<JsonObject?> GetAsync(KubeResource r, string? ns, string name, CancellationToken ct) => inner.GetAsync(r, ns, name, ct);
        public Task<KubeList> ListAsync(KubeResource r, string? ns, string? sel, CancellationToken ct) => inner.ListAsync(r, ns, sel, ct);
        public Task<JsonObject> CreateAsync(KubeResource r, string? ns, JsonObject body, CancellationToken ct) => inner.CreateAsync(r, ns, body, ct);
        public Task<JsonObject> ReplaceAsync(KubeResource r, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceAsync(r, ns, name, body, ct);
        public Task<JsonObject> ReplaceStatusAsync(KubeResource r, string? ns, string name, JsonObject body, CancellationToken ct) => inner.ReplaceStatusAsync(r, ns, name, body, ct);
        public Task<JsonObject> PatchAsync(KubeResource r, string? ns, string name, KubePatch patch, CancellationToken ct) => inner.PatchAsync(r, ns, name, patch, ct);
        public Task<bool> DeleteAsync(KubeResource r, string? ns, string name, CancellationToken ct) => inner.DeleteAsync(r, ns, name, ct);
        public Task<string> ReadLogAsync(string ns, string pod, string? container, CancellationToken ct) => inner.ReadLogAsync(ns, pod, container, ct);
    }
}
