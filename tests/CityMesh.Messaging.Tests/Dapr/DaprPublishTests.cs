using System.Text.Json;
using CityMesh.Messaging.Dapr;
using Dapr.Client;
using Dapr.Client.Autogen.Grpc.v1;
using Grpc.Core;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>Publishing through <see cref="DaprClient"/> over gRPC to the fake sidecar, its refusals and our retries.</summary>
public sealed class DaprPublishTests : IAsyncLifetime
{
    private readonly List<DaprClient> _clients = [];
    private FakeDaprSidecar _sidecar = null!;

    public async Task InitializeAsync() => _sidecar = await FakeDaprSidecar.StartAsync(s => s.ApiToken = "secret");

    public async Task DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await _sidecar.DisposeAsync();
    }

    private DaprClient Client(string? token)
    {
        var client = new DaprClientBuilder()
            .UseHttpEndpoint(_sidecar.Endpoint.ToString()).UseGrpcEndpoint(_sidecar.GrpcEndpoint.ToString()).UseDaprApiToken(token!).Build();
        _clients.Add(client);
        return client;
    }

    private DaprPublisher Publisher(string? token = "secret", string pubsub = "citymesh-pubsub", int maxEntries = 500, int maxBytes = 3 * 1024 * 1024) =>
        new(Client(token), new DaprOptions
        {
            HttpEndpoint = _sidecar.Endpoint, GrpcEndpoint = _sidecar.GrpcEndpoint, ApiToken = token, PubSubName = pubsub,
            RetryBackoff = TimeSpan.FromMilliseconds(1), BulkPublishMaxEntries = maxEntries, BulkPublishMaxBytes = maxBytes,
        });

    private static CloudEvent Json(string subject = "urn:ngsi-ld:RoadSegment:jinan:r1") =>
        CloudEvent.Create("/test", "io.citymesh.test", new { speed = 42 }, subject) with { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

    private GrpcCall[] CallsOf(string method) => [.. _sidecar.Calls.Where(c => c.Method == method)];

    [Fact]
    public async Task Should_Publish_Our_Own_CloudEvent_With_Token_And_Partition_Key()
    {
        var e = Json();
        await Publisher().PublishAsync("twin.changed", e);
        var call = Assert.Single(_sidecar.Calls);
        Assert.Equal(("PublishEvent", "secret"), (call.Method, call.Token));
        var request = (PublishEventRequest)call.Request;
        Assert.Equal(("citymesh-pubsub", "twin.changed"), (request.PubsubName, request.Topic));
        Assert.Equal("application/cloudevents+json", request.DataContentType);
        Assert.Equal(e.Subject, request.Metadata["partitionKey"]);
        using var body = JsonDocument.Parse(request.Data.Memory);
        Assert.Equal(e.Id, body.RootElement.GetProperty("id").GetString());
        Assert.Equal(42, body.RootElement.GetProperty("data").GetProperty("speed").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("data_base64", out _));
        // The sidecar rewrites traceparent with its own span; our extension keeps the producer's.
        var stored = Assert.Single(_sidecar.Published["twin.changed"]);
        Assert.Equal(e.Id, stored["id"]!.GetValue<string>());
        Assert.NotEqual(e.TraceParent, stored["traceparent"]!.GetValue<string>());
        Assert.Equal(e.TraceParent, stored[DaprCloudEventJson.TraceParentExtension]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Send_Binary_Data_As_Data_Base64()
    {
        var e = Telemetry.TelemetryContent.Create("/sim", "urn:ngsi-ld:FloodGauge:jinan:g1", new Telemetry.ReadingBatch()) with { BinaryData = new byte[] { 0, 255, 7, 128 } };
        await Publisher().PublishAsync("telemetry.raw", e);
        var stored = Assert.Single(_sidecar.Published["telemetry.raw"]);
        Assert.Equal(Convert.ToBase64String([0, 255, 7, 128]), stored["data_base64"]!.GetValue<string>());
        Assert.Null(stored["data"]);
        Assert.Equal(Telemetry.TelemetryContent.ContentType, stored["datacontenttype"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Fail_Clearly_On_A_Forbidden_Topic_Without_Retrying()
    {
        _sidecar.ForbiddenTopics.Add("actions.decided");
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher().PublishAsync("actions.decided", Json()));
        Assert.Equal(StatusCode.PermissionDenied, error.Status);
        Assert.Contains("citymesh-pubsub/actions.decided", error.Message);
        Assert.Contains("topic actions.decided is not allowed for app id fake-app", error.Message);
        Assert.Single(_sidecar.Calls);
    }

    [Fact]
    public async Task Should_Fail_Clearly_On_An_Unknown_PubSub()
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher(pubsub: "nope").PublishAsync("twin.changed", Json()));
        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.Contains("pubsub 'nope'", error.Message);
        Assert.Equal(("nope", "twin.changed"), (error.PubSubName, error.Topic));
        Assert.Single(_sidecar.Calls);
    }

    [Fact]
    public async Task Should_Retry_Internal_Errors_With_Backoff_Then_Succeed_Or_Give_Up()
    {
        _sidecar.FailingPublishes = 2;
        await Publisher().PublishAsync("twin.changed", Json());
        Assert.Equal(3, _sidecar.Calls.Count);
        Assert.Single(_sidecar.Published["twin.changed"]);

        _sidecar.FailingPublishes = 100;
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher().PublishAsync("twin.changed", Json()));
        Assert.Equal(StatusCode.Internal, error.Status);
        Assert.Contains("broker unavailable", error.Message);
        Assert.Equal(3 + 4, _sidecar.Calls.Count);
    }

    [Theory]
    [InlineData("wrong", "authentication error: api token mismatch")]
    [InlineData(null, "missing api token in request metadata")]
    public async Task Should_Be_Refused_Without_The_Right_Api_Token(string? token, string why)
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher(token).PublishAsync("twin.changed", Json()));
        Assert.Equal(StatusCode.Unauthenticated, error.Status);
        Assert.Contains("DAPR_API_TOKEN", error.Message);
        Assert.Contains(why, error.Message);
        Assert.Equal(token, Assert.Single(_sidecar.Calls).Token);
        Assert.False(_sidecar.Published.ContainsKey("twin.changed"));
    }

    [Fact]
    public async Task Should_Retry_While_The_Sidecar_Is_Not_Ready_Then_Publish()
    {
        _sidecar.UnavailableCalls = 2;
        await Publisher().PublishAsync("twin.changed", Json());
        Assert.Equal(3, _sidecar.Calls.Count);
        Assert.Single(_sidecar.Published["twin.changed"]);
    }

    [Fact]
    public async Task Should_Give_Up_With_Unavailable_When_The_Sidecar_Stays_Unready()
    {
        _sidecar.OutboundReady = false;
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher().PublishAsync("twin.changed", Json()));
        Assert.Equal(StatusCode.Unavailable, error.Status);
        Assert.Contains("not ready", error.Message);
        Assert.Equal(4, _sidecar.Calls.Count);
    }

    [Fact]
    public async Task Should_Bulk_Publish_One_Call_Per_Subject_With_Its_Partition_Key()
    {
        var events = Enumerable.Range(0, 6).Select(i => Json($"urn:s:{i % 2}")).ToArray();
        await Publisher().BulkPublishAsync("twin.changed", events);
        var calls = CallsOf("BulkPublishEvent");
        Assert.Equal(2, calls.Length);
        foreach (var call in calls)
        {
            var request = (BulkPublishRequest)call.Request;
            var key = request.Metadata["partitionKey"];
            Assert.Equal(3, request.Entries.Count);
            Assert.All(request.Entries, entry =>
            {
                Assert.Equal("application/cloudevents+json", entry.ContentType);
                Assert.Equal(key, entry.Metadata["partitionKey"]);
                using var json = JsonDocument.Parse(entry.Event.Memory);
                Assert.Equal(key, json.RootElement.GetProperty("subject").GetString());
            });
            // In publishing order within a subject.
            var ids = request.Entries.Select(x => JsonDocument.Parse(x.Event.Memory).RootElement.GetProperty("id").GetString());
            Assert.Equal(events.Where(e => e.Subject == key).Select(e => e.Id), ids);
        }
        Assert.Equal(events.Select(e => e.Id).Order(), _sidecar.Published["twin.changed"].Select(x => x["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Should_Split_A_Subjects_Bulk_Calls_By_Bytes_And_By_Entries_Keeping_Their_Order()
    {
        // Five events of about 100 KB, at most 250,000 bytes a call: two, two, one, each request within the bound.
        var large = Enumerable.Range(0, 5).Select(i => Json() with { Data = JsonSerializer.SerializeToElement(new { i, pad = new string('x', 100_000) }) }).ToArray();
        await Publisher(maxBytes: 250_000).BulkPublishAsync("twin.changed", large);
        var calls = CallsOf("BulkPublishEvent").Select(c => (BulkPublishRequest)c.Request).ToArray();
        Assert.Equal([2, 2, 1], calls.Select(c => c.Entries.Count));
        Assert.All(calls, c => Assert.InRange(c.CalculateSize(), 1, 250_000));
        Assert.Equal(large.Select(e => e.Id), calls.SelectMany(c => c.Entries).Select(x => JsonDocument.Parse(x.Event.Memory).RootElement.GetProperty("id").GetString()));

        // Small events, at most two entries a call.
        var small = Enumerable.Range(0, 5).Select(_ => Json("urn:s:small")).ToArray();
        await Publisher(maxEntries: 2).BulkPublishAsync("twin.changed", small);
        Assert.Equal([2, 2, 1], CallsOf("BulkPublishEvent").Skip(calls.Length).Select(c => ((BulkPublishRequest)c.Request).Entries.Count));
        Assert.Equal(10, _sidecar.Published["twin.changed"].Count);
    }

    [Fact]
    public async Task Should_Resend_A_Bulk_Call_That_Failed_In_Part()
    {
        var events = Enumerable.Range(0, 3).Select(_ => Json("urn:s:0")).ToArray();
        // The broker refuses the second event once: the runtime then fails the whole call, having published the others.
        _sidecar.FailBulkEntry = (eventId, attempt) => eventId == events[1].Id && attempt == 1;
        await Publisher().BulkPublishAsync("twin.changed", events);
        Assert.Equal(2, CallsOf("BulkPublishEvent").Length);
        var published = _sidecar.Published["twin.changed"].Select(x => x["id"]!.GetValue<string>()).ToArray();
        // At least once: the others twice (subscribers are idempotent on the id), the refused one once.
        Assert.Equal(new[] { events[0].Id, events[0].Id, events[1].Id, events[2].Id, events[2].Id }.Order(), published.Order());
    }

    [Fact]
    public async Task Should_Report_The_Events_Of_A_Bulk_Call_That_Keeps_Failing()
    {
        var failing = Json("urn:s:bad");
        var fine = Json("urn:s:good");
        _sidecar.FailBulkEntry = (eventId, _) => eventId == failing.Id;
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher().BulkPublishAsync("twin.changed", [failing, fine]));
        Assert.Equal(StatusCode.Internal, error.Status);
        var failed = Assert.Single(error.FailedEntries);
        Assert.Equal(failing.Id, failed.EventId);
        Assert.Contains("broker refused the message", failed.Error);
        Assert.Equal(fine.Id, Assert.Single(_sidecar.Published["twin.changed"])["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Fail_A_Bulk_Publish_To_A_Missing_PubSub_Without_Retrying()
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Publisher(pubsub: "nope").BulkPublishAsync("twin.changed", [Json()]));
        Assert.Equal(StatusCode.InvalidArgument, error.Status);
        Assert.Single(CallsOf("BulkPublishEvent"));
    }

    [Fact]
    public async Task Should_Let_A_Job_Shut_The_Sidecar_Down_Through_The_Sdk()
    {
        await Client("secret").ShutdownSidecarAsync();
        Assert.True(_sidecar.ShutdownRequested);
        Assert.Equal(("Shutdown", "secret"), (Assert.Single(_sidecar.Calls).Method, _sidecar.Calls.Single().Token));
    }
}
