using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static CityMesh.Operator.Tests.Kubernetes.FakeApiWriteTests;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>
/// Deletion as the published API defines it, through KubernetesClient: finalizers hold an object with a
/// deletionTimestamp until the last one goes, and background garbage collection removes dependents whose owners
/// are all gone, and nothing else.
/// </summary>
public sealed class FakeApiDeletionTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;
    private const string Finalizer = "citymesh.io/cleanup";

    private static V1OwnerReference OwnedBy(JsonObject owner) => new()
    {
        ApiVersion = (string)owner["apiVersion"]!, Kind = (string)owner["kind"]!,
        Name = Name(owner), Uid = (string)owner["metadata"]!["uid"]!,
    };

    private static V1ConfigMap ConfigMap(string name, params V1OwnerReference[] owners) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "city", OwnerReferences = owners.Length == 0 ? null : owners },
    };

    private static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try { await read(); return true; }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    [Fact]
    public async Task Should_Keep_A_Finalized_Object_Marked_For_Deletion_Until_Its_Last_Finalizer_Goes()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var body = Scenario("a");
        body["metadata"]!["finalizers"] = new JsonArray(Finalizer, "citymesh.io/other");
        await kube.CreateScenarioAsync("city", body, Ct);

        await kube.DeleteScenarioAsync("city", "a", Ct);
        var deleting = await kube.GetScenarioAsync("city", "a", Ct);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(2, deleting["metadata"]!["finalizers"]!.AsArray().Count);

        // Once deleting, no finalizer may be added (422), and a second DELETE changes nothing.
        var add = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"add","path":"/metadata/finalizers/-","value":"citymesh.io/late"}]""", V1Patch.PatchType.JsonPatch),
            Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid"), CodeAndReason(add));
        await kube.DeleteScenarioAsync("city", "a", Ct);
        Assert.Equal(Rv(deleting), Rv(await kube.GetScenarioAsync("city", "a", Ct)));

        // Removing one finalizer keeps it; removing the last one removes it.
        var one = ScenarioCalls.Json(await kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers/1"}]""", V1Patch.PatchType.JsonPatch),
            Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal([Finalizer], one["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.True(await ExistsAsync(() => kube.GetScenarioAsync("city", "a", Ct)));

        await kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch),
            Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => kube.GetScenarioAsync("city", "a", Ct));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), CodeAndReason(gone));
    }

    [Fact]
    public async Task Should_Remove_An_Object_Without_Finalizers_At_Once_And_Answer_Not_Found_After()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("plain"), "city", cancellationToken: Ct);

        await kube.CoreV1.DeleteNamespacedConfigMapAsync("plain", "city", cancellationToken: Ct);

        var read = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CoreV1.ReadNamespacedConfigMapAsync("plain", "city", cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), CodeAndReason(read));
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CoreV1.DeleteNamespacedConfigMapAsync("plain", "city", cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), CodeAndReason(again));
    }

    [Fact]
    public async Task Should_Collect_The_Dependents_Of_A_Deleted_Owner_And_Only_Those()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var owner = await kube.CreateScenarioAsync("city", Scenario("owner"), Ct);
        var other = await kube.CreateScenarioAsync("city", Scenario("other"), Ct);
        var job = await kube.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "owner-run", NamespaceProperty = "city", OwnerReferences = [OwnedBy(owner)] },
        }, "city", cancellationToken: Ct);
        // A grandchild: owned by the Job, so it goes when the Job is collected.
        await kube.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "owner-run-pod", NamespaceProperty = "city",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid }],
            },
        }, "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner-config", OwnedBy(owner)), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other-config", OwnedBy(other)), "city", cancellationToken: Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("unowned"), "city", cancellationToken: Ct);
        // Owned by both: a dependent is collected only once every owner is gone.
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("shared-config", OwnedBy(owner), OwnedBy(other)), "city", cancellationToken: Ct);

        await kube.DeleteScenarioAsync("city", "owner", Ct);

        // Garbage collection is asynchronous on a real cluster, so wait for it rather than expect it at once.
        await WaitUntilAsync(async () => !await ExistsAsync(() => kube.BatchV1.ReadNamespacedJobAsync("owner-run", "city", cancellationToken: Ct)), "the owned Job is collected");
        await WaitUntilAsync(async () => !await ExistsAsync(() => kube.CoreV1.ReadNamespacedPodAsync("owner-run-pod", "city", cancellationToken: Ct)), "the Job's pod is collected");
        await WaitUntilAsync(async () => !await ExistsAsync(() => kube.CoreV1.ReadNamespacedConfigMapAsync("owner-config", "city", cancellationToken: Ct)), "the owned ConfigMap is collected");

        var left = (await kube.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct)).Items.Select(c => c.Metadata.Name).Order();
        Assert.Equal(["other-config", "shared-config", "unowned"], left);
        Assert.True(await ExistsAsync(() => kube.GetScenarioAsync("city", "other", Ct)));
        // The survivor keeps only the reference to its living owner, as the garbage collector leaves it.
        var shared = await kube.CoreV1.ReadNamespacedConfigMapAsync("shared-config", "city", cancellationToken: Ct);
        Assert.Equal(["other"], shared.Metadata.OwnerReferences.Select(r => r.Name));

        await kube.DeleteScenarioAsync("city", "other", Ct);
        await WaitUntilAsync(async () => (await kube.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct)).Items.Count == 1, "the last owner's dependents are collected");
        Assert.Equal("unowned", (await kube.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct)).Items.Single().Metadata.Name);
    }

    [Fact]
    public async Task Should_Not_Collect_Dependents_While_Their_Owner_Waits_On_A_Finalizer()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var body = Scenario("owner");
        body["metadata"]!["finalizers"] = new JsonArray(Finalizer);
        var owner = await kube.CreateScenarioAsync("city", body, Ct);
        await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner-config", OwnedBy(owner)), "city", cancellationToken: Ct);

        await kube.DeleteScenarioAsync("city", "owner", Ct);
        Assert.True(await ExistsAsync(() => kube.CoreV1.ReadNamespacedConfigMapAsync("owner-config", "city", cancellationToken: Ct)),
            "background deletion leaves dependents alone until the owner is really gone");

        await kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch),
            Ts.Group, Ts.Version, "city", Ts.Plural, "owner", cancellationToken: Ct);
        await WaitUntilAsync(async () => !await ExistsAsync(() => kube.CoreV1.ReadNamespacedConfigMapAsync("owner-config", "city", cancellationToken: Ct)), "the dependent is collected");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
