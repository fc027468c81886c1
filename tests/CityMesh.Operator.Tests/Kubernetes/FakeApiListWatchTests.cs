using System.Collections.Concurrent;
using System.Net;
using CityMesh.Kubernetes.Fake;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static CityMesh.Operator.Tests.Kubernetes.FakeApiWriteTests;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>
/// Lists and watches as the published API defines them, through KubernetesClient: limit/continue paging, label
/// selectors, watch replay from a resourceVersion, bookmarks on request and 410 Expired after compaction.
/// </summary>
public sealed class FakeApiListWatchTests
{
    private static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "city", Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>A watch read in the background into a queue until the test ends it.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public ConcurrentQueue<(WatchEventType Type, string Name, string Rv)> Events { get; } = new();
        public ConcurrentQueue<Exception> Errors { get; } = new();
        public bool Ended => _run.IsCompleted;

        public Watch(IKubernetes kube, string? resourceVersion = null, string? labelSelector = null, bool bookmarks = false)
        {
            var stream = kube.CoreV1.WatchListNamespacedConfigMapAsync("city", allowWatchBookmarks: bookmarks, labelSelector: labelSelector,
                resourceVersion: resourceVersion, onError: Errors.Enqueue, cancellationToken: _stop.Token);
            _run = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (type, item) in stream)
                        Events.Enqueue((type, item.Metadata?.Name ?? "", item.Metadata?.ResourceVersion ?? ""));
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
            });
        }

        public IEnumerable<string> Seen(bool withBookmarks = false) =>
            Events.Where(e => withBookmarks || e.Type != WatchEventType.Bookmark).Select(e => $"{e.Type} {e.Name}");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Should_Return_Every_Object_Exactly_Once_Across_Pages()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var names = Enumerable.Range(0, 8).Select(i => $"cm-{i}").ToList();
        foreach (var name in names) await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(WithNamespace(ConfigMap("elsewhere"), "other"), "other", cancellationToken: Ct);

        var seen = new List<string>();
        var pages = 0;
        string? cont = null;
        do
        {
            var page = await kube.CoreV1.ListNamespacedConfigMapAsync("city", limit: 3, continueParameter: cont, cancellationToken: Ct);
            pages++;
            Assert.InRange(page.Items.Count, 1, 3);
            Assert.False(string.IsNullOrEmpty(page.Metadata.ResourceVersion));
            seen.AddRange(page.Items.Select(i => i.Metadata.Name));
            cont = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(cont));

        Assert.Equal(3, pages);
        Assert.Equal(names.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var unpaged = await kube.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct);
        Assert.Null(unpaged.Metadata.ContinueProperty);
        Assert.Equal(8, unpaged.Items.Count);
    }

    private static V1ConfigMap WithNamespace(V1ConfigMap cm, string ns)
    {
        cm.Metadata.NamespaceProperty = ns;
        return cm;
    }

    [Fact]
    public async Task Should_Answer_Gone_To_A_Continue_Token_Older_Than_Compaction()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        for (var i = 0; i < 4; i++) await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "city", cancellationToken: Ct);
        var first = await kube.CoreV1.ListNamespacedConfigMapAsync("city", limit: 2, cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("later"), "city", cancellationToken: Ct);

        server.Compact();

        var expired = await Assert.ThrowsAsync<HttpOperationException>(() =>
            kube.CoreV1.ListNamespacedConfigMapAsync("city", limit: 2, continueParameter: first.Metadata.ContinueProperty, cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.Gone, "Expired"), CodeAndReason(expired));
    }

    [Theory]
    [InlineData("tier=gold", new[] { "gold-a", "gold-b" })]
    [InlineData("tier==gold", new[] { "gold-a", "gold-b" })]
    [InlineData("tier!=gold", new[] { "plain", "silver" })] // != also matches objects without the label
    [InlineData("tier", new[] { "gold-a", "gold-b", "silver" })]
    [InlineData("!tier", new[] { "plain" })]
    [InlineData("tier=gold,zone=north", new[] { "gold-a" })]
    [InlineData("tier=bronze", new string[0])]
    public async Task Should_Filter_A_List_By_An_Equality_Label_Selector(string selector, string[] expected)
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gold-a", new() { ["tier"] = "gold", ["zone"] = "north" }), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gold-b", new() { ["tier"] = "gold", ["zone"] = "south" }), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("silver", new() { ["tier"] = "silver" }), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("plain"), "city", cancellationToken: Ct);

        var list = await kube.CoreV1.ListNamespacedConfigMapAsync("city", labelSelector: selector, cancellationToken: Ct);

        Assert.Equal(expected, list.Items.Select(i => i.Metadata.Name).Order());
    }

    [Fact]
    public async Task Should_Filter_A_Watch_By_Label_Selector()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gold-old", new() { ["tier"] = "gold" }), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("silver-old", new() { ["tier"] = "silver" }), "city", cancellationToken: Ct);
        await using var watch = new Watch(kube, labelSelector: "tier=gold");
        // Without a resourceVersion a watch starts with the current matching objects as ADDED.
        await EventuallyAsync(() => watch.Seen().Contains("Added gold-old"), "the existing gold object");

        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("silver-new", new() { ["tier"] = "silver" }), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gold-new", new() { ["tier"] = "gold" }), "city", cancellationToken: Ct);
        await kube.CoreV1.DeleteNamespacedConfigMapAsync("gold-old", "city", cancellationToken: Ct);
        await EventuallyAsync(() => watch.Seen().Contains("Deleted gold-old"), "the gold deletion");

        // The silver create came before the gold one; had it matched, it would be in the stream by now.
        Assert.Equal(["Added gold-old", "Added gold-new", "Deleted gold-old"], watch.Seen());
    }

    [Fact]
    public async Task Should_Replay_Events_After_A_Resource_Version_In_Order()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before"), "city", cancellationToken: Ct);
        var from = (await kube.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct)).Metadata.ResourceVersion;
        var a = await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "city", cancellationToken: Ct);
        a.Data["k"] = "2";
        await kube.CoreV1.ReplaceNamespacedConfigMapAsync(a, "a", "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "city", cancellationToken: Ct);
        await kube.CoreV1.DeleteNamespacedConfigMapAsync("a", "city", cancellationToken: Ct);

        await using var watch = new Watch(kube, resourceVersion: from);
        await EventuallyAsync(() => watch.Events.Count >= 4, "the replayed events");
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("live"), "city", cancellationToken: Ct);
        await EventuallyAsync(() => watch.Events.Count >= 5, "the live event after the replay");

        // "before" is at or below the watched resourceVersion, so it is not replayed.
        Assert.Equal(["Added a", "Modified a", "Added b", "Deleted a", "Added live"], watch.Seen());
        var versions = watch.Events.Select(e => long.Parse(e.Rv)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.All(versions, v => Assert.True(v > long.Parse(from)));
        Assert.Empty(watch.Errors);
    }

    [Fact]
    public async Task Should_Send_Bookmarks_Only_To_A_Watch_That_Asked_For_Them()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.BookmarkInterval = TimeSpan.FromMilliseconds(20);
        using var kube = server.CreateClient();
        var rv = server.ResourceVersion;
        await using var plain = new Watch(kube, resourceVersion: rv);
        await using var bookmarked = new Watch(kube, resourceVersion: rv, bookmarks: true);

        await EventuallyAsync(() => bookmarked.Events.Count(e => e.Type == WatchEventType.Bookmark) >= 2, "two bookmarks");
        var mark = bookmarked.Events.First(e => e.Type == WatchEventType.Bookmark);
        Assert.Equal(rv, mark.Rv);

        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "city", cancellationToken: Ct);
        await EventuallyAsync(() => plain.Events.Count >= 1 && bookmarked.Seen().Contains("Added a"), "the create on both watches");
        await EventuallyAsync(() => bookmarked.Events.Any(e => e.Type == WatchEventType.Bookmark && long.Parse(e.Rv) > long.Parse(rv)),
            "a bookmark at the create's resourceVersion");

        // Both watches were open through the same bookmark intervals; only the one that asked got any.
        Assert.Equal(["Added a"], plain.Seen(withBookmarks: true));
        var created = bookmarked.Events.First(e => e.Type == WatchEventType.Added);
        Assert.Equal(created.Rv, bookmarked.Events.Last(e => e.Type == WatchEventType.Bookmark).Rv);
    }

    [Fact]
    public async Task Should_End_A_Watch_From_A_Compacted_Resource_Version_With_An_Expired_Error()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var old = server.ResourceVersion;
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "city", cancellationToken: Ct);
        server.Compact();

        // The real server answers 200 and sends 410 as the stream's only event, an ERROR carrying a Status.
        await using var watch = new Watch(kube, resourceVersion: old);
        await EventuallyAsync(() => watch.Ended, "the stream to end");

        Assert.Empty(watch.Events);
        var error = Assert.IsType<KubernetesException>(Assert.Single(watch.Errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal) && r.StatusCode == 200);

        // From the current resourceVersion the same watch works.
        await using var fresh = new Watch(kube, resourceVersion: server.ResourceVersion);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "city", cancellationToken: Ct);
        await EventuallyAsync(() => fresh.Seen().Contains("Added b"), "an event after compaction");
        Assert.Empty(fresh.Errors);
    }
}
