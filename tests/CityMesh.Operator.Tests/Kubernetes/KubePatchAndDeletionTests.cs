using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

public sealed class KubePatchAndDeletionTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    [Fact]
    public async Task Should_Merge_Patch_Replacing_Lists_Whole_And_Removing_Nulls()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var body = Scenario("a");
        body["spec"]!["tags"] = new JsonArray("x", "y");
        body["spec"]!["drop"] = "me";
        await client.CreateAsync(Ts, "city", body, ct);

        var patched = await client.PatchAsync(Ts, "city", "a",
            new KubePatch(PatchType.Merge, """{"spec":{"tags":["z"],"drop":null,"replicas":2}}"""), ct);

        Assert.Equal("[\"z\"]", patched["spec"]!["tags"]!.ToJsonString());
        Assert.Null(patched["spec"]!["drop"]);
        Assert.Equal(2, Generation(patched));
        Assert.DoesNotContain("force", server.Requests[^1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Reject_A_Json_Patch_Whose_Test_Fails_With_422()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var created = await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        var guarded = $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{Rv(created)}}"},{"op":"replace","path":"/spec/replicas","value":7}]""";

        var ok = await client.PatchAsync(Ts, "city", "a", new KubePatch(PatchType.Json, guarded), ct);
        Assert.Equal(7, ok["spec"]!["replicas"]!.GetValue<int>());

        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.PatchAsync(Ts, "city", "a", new KubePatch(PatchType.Json, guarded), ct));
        Assert.Equal(422, e.StatusCode);
    }

    [Fact]
    public async Task Should_Apply_With_Field_Manager_And_Force_And_Create_When_Missing()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var apply = new KubePatch(PatchType.Apply, """{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}}""", FieldManager: "citymesh-operator");

        var created = await client.PatchAsync(KubeResource.ConfigMaps, "city", "cm", apply, ct);
        Assert.Equal("v", created["data"]!["k"]!.GetValue<string>());
        Assert.Equal("/api/v1/namespaces/city/configmaps/cm?fieldManager=citymesh-operator&force=true", server.Requests[^1].PathAndQuery);

        var status = await client.PatchAsync(Ts, "city", "nope", new KubePatch(PatchType.Merge, "{}"), ct).ContinueWith(t => t.Exception?.InnerException, ct);
        Assert.Equal(404, Assert.IsType<KubeApiException>(status).StatusCode);
    }

    [Fact]
    public async Task Should_Patch_Only_Status_Through_The_Subresource()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        var patched = await client.PatchAsync(Ts, "city", "a",
            new KubePatch(PatchType.Apply, """{"apiVersion":"citymesh.io/v1alpha1","kind":"TwinScenario","spec":{"replicas":9},"status":{"ready":true}}""", Status: true), ct);

        Assert.True(patched["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(1, patched["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, Generation(patched));
        Assert.EndsWith("/twinscenarios/a/status?fieldManager=citymesh-operator&force=true", server.Requests[^1].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fake_Should_Refuse_Force_On_Non_Apply_And_Apply_Without_Field_Manager()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server.Seed(KubeResource.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "cm", ["namespace"] = "city" } });
        static StringContent Body(string type) => new("{}", System.Text.Encoding.UTF8, type);

        var forced = await http.PatchAsync("/api/v1/namespaces/city/configmaps/cm?force=true", Body("application/merge-patch+json"), Ct);
        var unmanaged = await http.PatchAsync("/api/v1/namespaces/city/configmaps/cm", Body("application/apply-patch+yaml"), Ct);

        Assert.Equal(422, (int)forced.StatusCode);
        Assert.Equal(422, (int)unmanaged.StatusCode);
    }

    [Fact]
    public async Task Should_Hold_Deletion_For_Finalizers_And_Collect_Owned_Objects()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var body = Scenario("a");
        body["metadata"]!["finalizers"] = new JsonArray("citymesh.io/twinscenario-cleanup");
        var owner = await client.CreateAsync(Ts, "city", body, ct);
        var uid = owner["metadata"]!["uid"]!.GetValue<string>();
        JsonObject Owned(string name) => new()
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "citymesh.io/v1alpha1", ["kind"] = "TwinScenario", ["name"] = "a", ["uid"] = uid, ["controller"] = true }),
            },
            ["spec"] = new JsonObject(),
        };
        var job = await client.CreateAsync(KubeResource.Jobs, "city", Owned("job-a"), ct);
        var pod = Owned("pod-a");
        pod["metadata"]!["ownerReferences"]![0]!["uid"] = job["metadata"]!["uid"]!.GetValue<string>();
        await client.CreateAsync(KubeResource.Pods, "city", pod, ct);

        Assert.True(await client.DeleteAsync(Ts, "city", "a", ct));
        var deleting = await client.GetAsync(Ts, "city", "a", ct);
        Assert.NotNull(deleting!["metadata"]!["deletionTimestamp"]);
        Assert.NotNull(await client.GetAsync(KubeResource.Jobs, "city", "job-a", ct));

        // Once deleting, finalizers can only be removed.
        var adding = deleting.DeepClone().AsObject();
        adding["metadata"]!["finalizers"]!.AsArray().Add("citymesh.io/another");
        Assert.Equal(422, (await Assert.ThrowsAsync<KubeApiException>(() => client.ReplaceAsync(Ts, "city", "a", adding, ct))).StatusCode);

        var removal = $$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{Rv(deleting)}}"},{"op":"remove","path":"/metadata/finalizers/0"}]""";
        await client.PatchAsync(Ts, "city", "a", new KubePatch(PatchType.Json, removal), ct);

        Assert.Null(await client.GetAsync(Ts, "city", "a", ct));
        Assert.Null(await client.GetAsync(KubeResource.Jobs, "city", "job-a", ct));
        Assert.Null(await client.GetAsync(KubeResource.Pods, "city", "pod-a", ct));
    }
}
