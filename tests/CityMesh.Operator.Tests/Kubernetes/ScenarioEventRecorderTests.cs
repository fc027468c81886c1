using System.Text;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes.Fake;
using CityMesh.Operator.Controller;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

/// <summary>
/// The operator's events.k8s.io/v1 Events as the fake stores them: every field a new Event requires, the API's
/// length limits kept by truncation, and a failed write swallowed.
/// </summary>
public sealed class ScenarioEventRecorderTests
{
    private static readonly DateTimeOffset Now = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static async Task<(FakeKubeApiServer Server, k8s.IKubernetes Kube, TwinScenario Scenario, ScenarioEventRecorder Recorder)> StartAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        var kube = server.CreateClient();
        var created = await kube.CreateScenarioAsync("city", Scenario("rush-hour"), Ct);
        var scenario = new TwinScenario
        {
            Metadata = new ObjectMeta { Name = "rush-hour", Namespace = "city", Uid = (string?)created["metadata"]!["uid"] },
        };
        var recorder = new ScenarioEventRecorder(kube, "citymesh.io/operator", "operator-0", new ManualTimeProvider(Now),
            NullLogger<ScenarioEventRecorder>.Instance);
        return (server, kube, scenario, recorder);
    }

    private static JsonObject OnlyEvent(FakeKubeApiServer server) => Assert.Single(server.List(KubeResource.Events, "city"));

    [Fact]
    public async Task Should_Store_An_Event_With_Every_Required_Field_Regarding_The_Scenario()
    {
        var (server, kube, scenario, recorder) = await StartAsync();
        await using var _ = server;
        using var __ = kube;

        await recorder.RecordAsync(scenario, EventTypes.Normal, "JobCreated", "Create", "created job rush-hour-g1", Ct);

        var evt = OnlyEvent(server);
        Assert.Equal("events.k8s.io/v1", (string?)evt["apiVersion"]);
        Assert.Equal("Event", (string?)evt["kind"]);
        Assert.StartsWith("rush-hour.", (string?)evt["metadata"]!["name"], StringComparison.Ordinal);
        Assert.Equal("city", (string?)evt["metadata"]!["namespace"]);
        Assert.Equal("citymesh.io/operator", (string?)evt["reportingController"]);
        Assert.Equal("operator-0", (string?)evt["reportingInstance"]);
        Assert.Equal("Create", (string?)evt["action"]);
        Assert.Equal("JobCreated", (string?)evt["reason"]);
        Assert.Equal("Normal", (string?)evt["type"]);
        Assert.Equal("created job rush-hour-g1", (string?)evt["note"]);
        Assert.Equal(Now, DateTimeOffset.Parse((string)evt["eventTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        var regarding = evt["regarding"]!;
        Assert.Equal(TwinScenario.GroupVersion, (string?)regarding["apiVersion"]);
        Assert.Equal(TwinScenario.KindName, (string?)regarding["kind"]);
        Assert.Equal("city", (string?)regarding["namespace"]);
        Assert.Equal("rush-hour", (string?)regarding["name"]);
        Assert.Equal(scenario.Metadata.Uid, (string?)regarding["uid"]);
        // events.k8s.io/v1 refuses the legacy fields on create.
        Assert.Null(evt["deprecatedCount"]);
        Assert.Null(evt["deprecatedSource"]);
    }

    [Fact]
    public async Task Should_Cut_A_Long_Note_To_The_Byte_Limit_And_Long_Fields_To_Theirs()
    {
        var (server, kube, scenario, recorder) = await StartAsync();
        await using var _ = server;
        using var __ = kube;
        var note = new string('n', 5000);
        var reason = new string('R', 300);
        var action = new string('A', 300);

        await recorder.RecordAsync(scenario, EventTypes.Warning, reason, action, note, Ct);

        var evt = OnlyEvent(server);
        Assert.Equal(note[..ScenarioEventRecorder.NoteLimitBytes], (string?)evt["note"]);
        Assert.Equal(reason[..ScenarioEventRecorder.FieldLimit], (string?)evt["reason"]);
        Assert.Equal(action[..ScenarioEventRecorder.FieldLimit], (string?)evt["action"]);
        Assert.Equal("Warning", (string?)evt["type"]);
    }

    [Theory]
    [InlineData("é")] // two bytes in UTF-8
    [InlineData("🚦")] // four bytes, a surrogate pair in UTF-16
    public async Task Should_Cut_A_Multibyte_Note_On_A_Character_Boundary_Within_The_Byte_Limit(string unit)
    {
        var (server, kube, scenario, recorder) = await StartAsync();
        await using var _ = server;
        using var __ = kube;
        // One ASCII byte first, so the limit falls inside a character.
        var note = "x" + string.Concat(Enumerable.Repeat(unit, 1000));

        await recorder.RecordAsync(scenario, EventTypes.Warning, "Failed", "Run", note, Ct);

        var stored = (string)OnlyEvent(server)["note"]!;
        var bytes = Encoding.UTF8.GetByteCount(stored);
        Assert.InRange(bytes, ScenarioEventRecorder.NoteLimitBytes - Encoding.UTF8.GetByteCount(unit) + 1, ScenarioEventRecorder.NoteLimitBytes);
        Assert.StartsWith(stored, note, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', stored);
        Assert.False(char.IsHighSurrogate(stored[^1]), "no half of a surrogate pair at the end");
    }

    [Fact]
    public async Task Should_Swallow_A_Failed_Write_Because_An_Event_Must_Not_Fail_A_Reconcile()
    {
        var (server, kube, scenario, recorder) = await StartAsync();
        await using var _ = server;
        using var __ = kube;
        server.FailNext("POST", "/events", 500);

        await recorder.RecordAsync(scenario, EventTypes.Normal, "JobCreated", "Create", "lost", Ct);
        Assert.Empty(server.List(KubeResource.Events, "city"));
        Assert.Equal(1, server.Count("POST", "/events"));

        await recorder.RecordAsync(scenario, EventTypes.Normal, "JobCreated", "Create", "kept", Ct);
        Assert.Equal("kept", (string?)OnlyEvent(server)["note"]);
    }
}
