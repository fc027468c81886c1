using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>
/// The fake's write rules as the published API defines them, driven through KubernetesClient: optimistic
/// concurrency on PUT, AlreadyExists on create, generation and the status subresource, and bearer-token checks.
/// </summary>
public sealed class FakeApiWriteTests
{
    private static readonly KubeResource Ts = KubeResource.TwinScenarios;

    /// <summary>The meta/v1 Status the server answered with, and its HTTP code.</summary>
    internal static (HttpStatusCode Code, string? Reason, JsonObject Status) Failure(HttpOperationException e)
    {
        var status = JsonNode.Parse(e.Response.Content)!.AsObject();
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal((int)e.Response.StatusCode, (int?)status["code"]);
        return (e.Response.StatusCode, (string?)status["reason"], status);
    }

    internal static (HttpStatusCode Code, string? Reason) CodeAndReason(HttpOperationException e)
    {
        var (code, reason, _) = Failure(e);
        return (code, reason);
    }

    private static V1ConfigMap ConfigMap(string name, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "city" },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    [Fact]
    public async Task Should_Refuse_A_Replace_With_A_Stale_Resource_Version_And_Take_One_With_The_Current()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var created = await kube.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "city", cancellationToken: Ct);
        var stale = created.Metadata.ResourceVersion;

        created.Data["k"] = "2";
        var replaced = await kube.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", "city", cancellationToken: Ct);
        Assert.Equal("2", replaced.Data["k"]);
        Assert.NotEqual(stale, replaced.Metadata.ResourceVersion);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(stale), "resourceVersion moves forward");

        var late = ConfigMap("settings", "3");
        late.Metadata.ResourceVersion = stale;
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            kube.CoreV1.ReplaceNamespacedConfigMapAsync(late, "settings", "city", cancellationToken: Ct));
        var (code, reason, status) = Failure(conflict);
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("Conflict", reason);
        Assert.Contains("the object has been modified", (string?)status["message"], StringComparison.Ordinal);
        var stored = await kube.CoreV1.ReadNamespacedConfigMapAsync("settings", "city", cancellationToken: Ct);
        Assert.Equal("2", stored.Data["k"]);
        Assert.Equal(replaced.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Should_Require_A_Resource_Version_To_Replace_A_Custom_Resource()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var created = await kube.CreateScenarioAsync("city", Scenario("a"), Ct);

        // CRDs do not allow unconditional updates: the real server answers 422 for a PUT without resourceVersion.
        var unconditional = await Assert.ThrowsAsync<HttpOperationException>(() => kube.ReplaceScenarioAsync("city", "a", Scenario("a", replicas: 2), Ct));
        var (code, reason, _) = Failure(unconditional);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("Invalid", reason);

        var body = Scenario("a", replicas: 2);
        body["metadata"]!["resourceVersion"] = Rv(created);
        var replaced = await kube.ReplaceScenarioAsync("city", "a", body, Ct);
        Assert.Equal(2, (int?)replaced["spec"]!["replicas"]);
        Assert.NotEqual(Rv(created), Rv(replaced));

        var again = await Assert.ThrowsAsync<HttpOperationException>(() => kube.ReplaceScenarioAsync("city", "a", body, Ct));
        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), CodeAndReason(again));
    }

    [Fact]
    public async Task Should_Answer_Already_Exists_To_A_Second_Create_Of_A_Name()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "run-1", NamespaceProperty = "city" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "w", Image = "w" }] } } },
        };
        var first = await kube.BatchV1.CreateNamespacedJobAsync(job, "city", cancellationToken: Ct);

        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => kube.BatchV1.CreateNamespacedJobAsync(job, "city", cancellationToken: Ct));
        var (code, reason, status) = Failure(duplicate);
        Assert.Equal(HttpStatusCode.Conflict, code);
        Assert.Equal("AlreadyExists", reason);
        Assert.Equal("jobs.batch \"run-1\" already exists", (string?)status["message"]);
        var stored = await kube.BatchV1.ReadNamespacedJobAsync("run-1", "city", cancellationToken: Ct);
        Assert.Equal(first.Metadata.Uid, stored.Metadata.Uid);

        var scenario = await Assert.ThrowsAsync<HttpOperationException>(async () =>
        {
            await kube.CreateScenarioAsync("city", Scenario("s"), Ct);
            await kube.CreateScenarioAsync("city", Scenario("s", replicas: 5), Ct);
        });
        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), CodeAndReason(scenario));
        Assert.Equal(1, (int?)(await kube.GetScenarioAsync("city", "s", Ct))["spec"]!["replicas"]);
    }

    [Fact]
    public async Task Should_Bump_Generation_On_Spec_Changes_Only_And_Keep_Spec_And_Status_Apart()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var created = await kube.CreateScenarioAsync("city", Scenario("a", replicas: 1), Ct);
        Assert.Equal(1, Generation(created));

        // Through /status: the status is written, the spec sent alongside is ignored, generation stays.
        var statusBody = created.DeepClone().AsObject();
        statusBody["spec"]!["replicas"] = 9;
        statusBody["status"] = new JsonObject { ["phase"] = "Running" };
        var afterStatus = ScenarioCalls.Json(await kube.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(statusBody, Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal("Running", (string?)afterStatus["status"]!["phase"]);
        Assert.Equal(1, (int?)afterStatus["spec"]!["replicas"]);
        Assert.Equal(1, Generation(afterStatus));
        Assert.NotEqual(Rv(created), Rv(afterStatus));

        // Metadata only (a label): a new resourceVersion, the same generation.
        var labelled = ScenarioCalls.Json(await kube.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"traffic"}}}""", V1Patch.PatchType.MergePatch), Ts.Group, Ts.Version, "city", Ts.Plural, "a", cancellationToken: Ct));
        Assert.Equal("traffic", (string?)labelled["metadata"]!["labels"]!["team"]);
        Assert.Equal(1, Generation(labelled));
        Assert.NotEqual(Rv(afterStatus), Rv(labelled));

        // The main resource: the spec changes and generation goes up; the status sent alongside is ignored.
        var specBody = labelled.DeepClone().AsObject();
        specBody["spec"]!["replicas"] = 3;
        specBody["status"] = new JsonObject { ["phase"] = "Failed" };
        var afterSpec = await kube.ReplaceScenarioAsync("city", "a", specBody, Ct);
        Assert.Equal(3, (int?)afterSpec["spec"]!["replicas"]);
        Assert.Equal("Running", (string?)afterSpec["status"]!["phase"]);
        Assert.Equal(2, Generation(afterSpec));

        // A write that changes nothing is not a write: neither resourceVersion nor generation moves.
        var unchanged = await kube.ReplaceScenarioAsync("city", "a", afterSpec, Ct);
        Assert.Equal(Rv(afterSpec), Rv(unchanged));
        Assert.Equal(2, Generation(unchanged));

        var stored = await kube.GetScenarioAsync("city", "a", Ct);
        Assert.Equal(2, Generation(stored));
        Assert.Equal("Running", (string?)stored["status"]!["phase"]);
    }

    [Fact]
    public async Task Should_Ignore_Status_On_Create_Of_A_Resource_With_A_Status_Subresource()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var kube = server.CreateClient();
        var body = Scenario("a");
        body["status"] = new JsonObject { ["phase"] = "Succeeded" };

        var created = await kube.CreateScenarioAsync("city", body, Ct);

        Assert.Null(created["status"]);
        Assert.Null((await kube.GetScenarioAsync("city", "a", Ct))["status"]);
    }

    [Fact]
    public async Task Should_Answer_Unauthorized_To_A_Wrong_Or_Missing_Bearer_Token()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.RequiredToken = "right-token";
        using var wrong = server.CreateClient(token: "wrong-token");
        using var none = server.CreateClient();
        using var right = server.CreateClient(token: "right-token");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => wrong.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), CodeAndReason(refused));
        var anonymous = await Assert.ThrowsAsync<HttpOperationException>(() => none.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "city", cancellationToken: Ct));
        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), CodeAndReason(anonymous));
        Assert.Empty(server.List(KubeResource.ConfigMaps));

        await right.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "city", cancellationToken: Ct);
        Assert.Single((await right.CoreV1.ListNamespacedConfigMapAsync("city", cancellationToken: Ct)).Items);
        Assert.Contains(server.Requests, r => r.Authorization == "Bearer wrong-token" && r.StatusCode == 401);
    }
}
