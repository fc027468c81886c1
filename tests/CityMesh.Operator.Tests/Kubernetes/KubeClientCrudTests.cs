using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

public sealed class KubeClientCrudTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    [Fact]
    public async Task Should_Round_Trip_Create_Get_Replace_Delete()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;

        var created = await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        Assert.False(string.IsNullOrEmpty(created["metadata"]!["uid"]?.GetValue<string>()));
        Assert.NotNull(created["metadata"]!["creationTimestamp"]);
        Assert.Equal(1, Generation(created));

        var got = await client.GetAsync(Ts, "city", "a", ct);
        Assert.Equal(Rv(created), Rv(got!));

        got!["spec"]!["replicas"] = 3;
        var replaced = await client.ReplaceAsync(Ts, "city", "a", got, ct);
        Assert.NotEqual(Rv(created), Rv(replaced));
        Assert.Equal(3, replaced["spec"]!["replicas"]!.GetValue<int>());

        Assert.True(await client.DeleteAsync(Ts, "city", "a", ct));
        Assert.Null(await client.GetAsync(Ts, "city", "a", ct));
        Assert.False(await client.DeleteAsync(Ts, "city", "a", ct));
    }

    [Fact]
    public async Task Should_Return_Null_On_404_And_Throw_Conflict_On_Duplicate_Create()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        Assert.Null(await client.GetAsync(Ts, "city", "missing", ct));

        await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        var e = await Assert.ThrowsAsync<KubeConflictException>(() => client.CreateAsync(Ts, "city", Scenario("a"), ct));
        Assert.Equal("AlreadyExists", e.Reason);
    }

    [Fact]
    public async Task Should_Throw_Conflict_On_Stale_Put()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var v1 = await client.CreateAsync(Ts, "city", Scenario("a"), ct);
        var fresh = v1.DeepClone().AsObject();
        fresh["spec"]!["replicas"] = 2;
        await client.ReplaceAsync(Ts, "city", "a", fresh, ct);

        v1["spec"]!["replicas"] = 5;
        var e = await Assert.ThrowsAsync<KubeConflictException>(() => client.ReplaceAsync(Ts, "city", "a", v1, ct));
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal(409, e.StatusCode);
    }

    [Fact]
    public async Task Should_Name_The_Object_With_Generate_Name()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var body = new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "twin-" }, ["data"] = new JsonObject() };
        var created = await client.CreateAsync(KubeResource.ConfigMaps, "city", body, Ct);
        Assert.StartsWith("twin-", Name(created));
        Assert.Equal("twin-".Length + 5, Name(created).Length);
    }

    [Fact]
    public async Task Should_Keep_Status_Apart_And_Bump_Generation_Only_On_Spec_Changes()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        var withStatus = Scenario("a");
        withStatus["status"] = new JsonObject { ["phase"] = "Ignored" };
        var created = await client.CreateAsync(Ts, "city", withStatus, ct);
        Assert.Null(created["status"]);

        // A status write changes only .status and never the generation.
        var statusBody = created.DeepClone().AsObject();
        statusBody["status"] = new JsonObject { ["observedGeneration"] = 1 };
        statusBody["spec"]!["replicas"] = 99;
        var afterStatus = await client.ReplaceStatusAsync(Ts, "city", "a", statusBody, ct);
        Assert.Equal(1, afterStatus["status"]!["observedGeneration"]!.GetValue<int>());
        Assert.Equal(1, afterStatus["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, Generation(afterStatus));

        // A main-resource write ignores .status; a label change is not a spec change.
        var labelled = afterStatus.DeepClone().AsObject();
        labelled["metadata"]!["labels"] = new JsonObject { ["team"] = "x" };
        labelled["status"] = new JsonObject { ["observedGeneration"] = 42 };
        var afterLabel = await client.ReplaceAsync(Ts, "city", "a", labelled, ct);
        Assert.Equal(1, afterLabel["status"]!["observedGeneration"]!.GetValue<int>());
        Assert.Equal(1, Generation(afterLabel));

        afterLabel["spec"]!["replicas"] = 4;
        Assert.Equal(2, Generation(await client.ReplaceAsync(Ts, "city", "a", afterLabel, ct)));
    }

    [Fact]
    public async Task Should_List_Across_Pages_With_One_Resource_Version()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        for (var i = 0; i < 1203; i++)
            server.Seed(KubeResource.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"cm-{i:D4}", ["namespace"] = "city" } });
        server.Seed(KubeResource.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "elsewhere", ["namespace"] = "other" } });

        var list = await client.ListAsync(KubeResource.ConfigMaps, "city", null, ct);

        Assert.Equal(1203, list.Items.Count);
        Assert.Equal(1203, list.Items.Select(Name).Distinct().Count());
        Assert.Equal(server.ResourceVersion, list.ResourceVersion);
        Assert.Equal(3, server.Count("GET", "/configmaps"));
        Assert.Equal(1204, (await client.ListAsync(KubeResource.ConfigMaps, null, null, ct)).Items.Count);
    }

    [Fact]
    public async Task Should_Filter_Lists_By_Label_Selector()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var ct = Ct;
        await client.CreateAsync(Ts, "city", Scenario("a", labels: new() { ["app"] = "twin", ["tier"] = "gpu" }), ct);
        await client.CreateAsync(Ts, "city", Scenario("b", labels: new() { ["app"] = "twin" }), ct);
        await client.CreateAsync(Ts, "city", Scenario("c"), ct);

        Assert.Equal(["a", "b"], (await client.ListAsync(Ts, "city", "app=twin", ct)).Items.Select(Name));
        Assert.Equal(["a"], (await client.ListAsync(Ts, "city", "app=twin,tier=gpu", ct)).Items.Select(Name));
    }

    [Fact]
    public async Task Should_Send_The_Bearer_Token_And_Surface_401()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.RequiredToken = "s3cret";
        using var good = server.CreateClient("s3cret");
        using var bad = server.CreateClient("wrong");
        var ct = Ct;

        Assert.Null(await good.GetAsync(Ts, "city", "x", ct));
        Assert.Equal("Bearer s3cret", server.Requests[^1].Authorization);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => bad.GetAsync(Ts, "city", "x", ct));
        Assert.Equal(401, e.StatusCode);
    }

    [Fact]
    public async Task Should_Read_Pod_Logs()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        server.Seed(KubeResource.Pods, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "city" } });
        server.SetPodLog("city", "p", "line 1\nline 2\n");
        Assert.Equal("line 1\nline 2\n", await client.ReadLogAsync("city", "p", "worker", Ct));
        Assert.Equal("/api/v1/namespaces/city/pods/p/log?container=worker", server.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task Should_Turn_Injected_Failures_Into_Api_Exceptions()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        server.FailNext("GET", "/twinscenarios/a", 503);
        var e = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync(Ts, "city", "a", Ct));
        Assert.Equal(503, e.StatusCode);
        Assert.Equal("ServiceUnavailable", e.Reason);
        Assert.Null(await client.GetAsync(Ts, "city", "a", Ct));
    }
}
