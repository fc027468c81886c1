using CityMesh.Kubernetes;
using CityMesh.Kubernetes.Fake;
using Microsoft.Extensions.Logging.Abstractions;
using static CityMesh.Operator.Tests.Kubernetes.KubeTestObjects;

namespace CityMesh.Operator.Tests.Kubernetes;

public sealed class EventRecorderTests
{
    private static readonly ObjectReference Twin = new("citymesh.io/v1alpha1", "TwinScenario", "city", "twin-a", "uid-1");

    [Fact]
    public async Task Should_Post_An_Event_With_Every_Required_Field_And_A_Truncated_Note()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var recorder = new EventRecorder(client, "citymesh.io/operator", new string('p', 200), clock, NullLogger.Instance);

        await recorder.RecordAsync(Twin, "Warning", "GpuUnavailable", "StartSimulation", new string('é', 1000), Ct);

        var e = Assert.Single(server.List(KubeResource.Events, "city"));
        Assert.StartsWith("twin-a.", Name(e));
        Assert.Equal("2030-01-02T03:04:05.000000Z", e["eventTime"]!.GetValue<string>());
        Assert.Equal("citymesh.io/operator", e["reportingController"]!.GetValue<string>());
        Assert.Equal(128, e["reportingInstance"]!.GetValue<string>().Length);
        Assert.Equal("StartSimulation", e["action"]!.GetValue<string>());
        Assert.Equal("GpuUnavailable", e["reason"]!.GetValue<string>());
        Assert.Equal("Warning", e["type"]!.GetValue<string>());
        Assert.Equal(512, e["note"]!.GetValue<string>().Length); // 'é' is two bytes: 1 kB holds 512
        Assert.Equal("uid-1", e["regarding"]!["uid"]!.GetValue<string>());
        Assert.Equal("TwinScenario", e["regarding"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Swallow_Failures()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var client = server.CreateClient();
        server.FailNext("POST", "/events", 403);
        var recorder = new EventRecorder(client, "citymesh.io/operator", "pod-1", TimeProvider.System, NullLogger.Instance);

        await recorder.RecordAsync(Twin, "Normal", "Started", "StartSimulation", "ok", Ct);

        Assert.Empty(server.List(KubeResource.Events));
        Assert.Equal(403, server.Requests[^1].StatusCode);
    }
}
