using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>The fake's server-side apply and patches, as KubernetesClient sends them (content types, fieldManager, force).</summary>
public sealed class ServerSideApplyTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    private static Task<object> ApplyStatusAsync(IKubernetes kube, string manager, JsonObject status, bool force, string? rv = null)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = Ts.ApiVersion, ["kind"] = Ts.Kind,
            ["metadata"] = new JsonObject { ["name"] = "a", ["namespace"] = "city", ["resourceVersion"] = rv },
            ["status"] = status,
        };
        return kube.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch),
            Ts.Group, Ts.Version, "city", Ts.Plural, "a", fieldManager: manager, force: force ? true : null, cancellationToken: Ct);
    }

    [Fact]
    public async Task Should_Record_Ownership_Conflict_Without_Force_And_Hand_Over_With_It()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CreateScenarioAsync("city", Scenario("a"), Ct);

        await ApplyStatusAsync(kube, "citymesh-operator", new JsonObject { ["phase"] = "Running", ["progress"] = "10%" }, force: false);
        var owned = server.Get(Ts, "city", "a")!;
        var entry = owned["metadata"]!["managedFields"]!.AsArray().Single()!;
        Assert.Equal("citymesh-operator", (string?)entry["manager"]);
        Assert.Equal("status", (string?)entry["subresource"]);
        Assert.NotNull(entry["fieldsV1"]!["f:status"]!["f:phase"]);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ApplyStatusAsync(kube, "someone-else", new JsonObject { ["phase"] = "Failed" }, force: false));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("conflict with \"citymesh-operator\": .status.phase", (string?)JsonNode.Parse(conflict.Response.Content)!["message"], StringComparison.Ordinal);
        Assert.Equal("Running", (string?)server.Get(Ts, "city", "a")!["status"]!["phase"]);

        await ApplyStatusAsync(kube, "someone-else", new JsonObject { ["phase"] = "Failed" }, force: true);
        var taken = server.Get(Ts, "city", "a")!;
        Assert.Equal("Failed", (string?)taken["status"]!["phase"]);
        var operatorFields = taken["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "citymesh-operator")!;
        Assert.Null(operatorFields["fieldsV1"]!["f:status"]!["f:phase"]);
        Assert.NotNull(operatorFields["fieldsV1"]!["f:status"]!["f:progress"]);
    }

    [Fact]
    public async Task Should_Remove_A_Field_Its_Manager_No_Longer_Applies_And_Check_The_Resource_Version()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var created = await kube.CreateScenarioAsync("city", Scenario("a"), Ct);

        await ApplyStatusAsync(kube, "citymesh-operator", new JsonObject { ["phase"] = "Running", ["jobName"] = "a-g1" }, force: true);
        await ApplyStatusAsync(kube, "citymesh-operator", new JsonObject { ["phase"] = "Pending" }, force: true);
        var status = server.Get(Ts, "city", "a")!["status"]!.AsObject();
        Assert.Equal("Pending", (string?)status["phase"]);
        Assert.False(status.ContainsKey("jobName"));

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ApplyStatusAsync(kube, "citymesh-operator", new JsonObject { ["phase"] = "Running" }, force: true, rv: Rv(created)));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Contains("the object has been modified", stale.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Refuse_Apply_Without_A_Field_Manager_And_Strategic_Merge_On_A_Custom_Resource()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CreateScenarioAsync("city", Scenario("a"), Ct);

        var noManager = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.ApplyPatch), Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noManager.Response.StatusCode);
        Assert.Contains("fieldManager: Required value", noManager.Response.Content, StringComparison.Ordinal);

        var strategic = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.StrategicMergePatch), Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, strategic.Response.StatusCode);
    }

    [Fact]
    public async Task Should_Answer_422_When_A_Json_Patch_Test_Fails()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        await kube.CreateScenarioAsync("city", Scenario("a"), Ct);
        var ops = new JsonArray(new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = "1" },
            new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray("x") });

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(ops.ToJsonString(), V1Patch.PatchType.JsonPatch), Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Null(server.Get(Ts, "city", "a")!["metadata"]!["finalizers"]);
    }
}
