using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using CityMesh.Operator.Kube;
using CityMesh.Scenarios.Model;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>Our informer on KubernetesClient against the fake: list, watch with bookmarks, relist after 410.</summary>
public sealed class InformerTests
{
    [Fact]
    public async Task Should_Relist_After_Gone_Dispatching_Deletes_And_Carry_On()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.BookmarkInterval = TimeSpan.FromMilliseconds(50);
        using var kube = server.CreateClient();
        await kube.CreateScenarioAsync("city", Scenario("kept"), Ct);
        await kube.CreateScenarioAsync("city", Scenario("vanishing"), Ct);
        var informer = new Informer<TwinScenario>(new ScenarioSource(kube, "city"), NullLogger.Instance);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync((e, _) => { seen.Enqueue($"{e.Type} {e.Key}"); return Task.CompletedTask; }, stop.Token);
        await informer.WaitForSyncAsync(Ct);
        Assert.Equal(["ADDED city/kept", "ADDED city/vanishing"], seen.Order());

        // The watch is dropped, history is compacted and an object goes meanwhile: the next watch gets 410 and relists.
        // The reopened watch is answered 410 outright as well: without it, a watch reopened between the delete and the
        // second compaction replays the delete from history, and no relist is needed (the test raced on that).
        server.Compact();
        server.FailNext("GET", "/twinscenarios", 410);
        server.EndWatches();
        server.Delete(KubeResource.TwinScenarios, "city", "vanishing");
        server.Compact();
        await EventuallyAsync(() => seen.Contains("DELETED city/vanishing"), "the DELETED from the relist");
        await kube.CreateScenarioAsync("city", Scenario("after"), Ct);
        await EventuallyAsync(() => seen.Contains("ADDED city/after"), "a watch event after the relist");

        Assert.Equal(["after", "kept"], informer.Items.Select(s => s.Metadata.Name!).Order());
        Assert.True(server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/twinscenarios", StringComparison.Ordinal)
            && !r.PathAndQuery.Contains("watch=", StringComparison.Ordinal)) >= 2, "listed again");
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal)
            && r.PathAndQuery.Contains("allowWatchBookmarks=true", StringComparison.Ordinal));
        await stop.CancelAsync();
        await run;
    }
}
