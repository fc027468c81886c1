using System.Net;
using System.Text.Json;
using CityMesh.Messaging.Dapr;

namespace CityMesh.Messaging.Tests.Dapr;

public sealed class DaprPublishTests : IAsyncLifetime
{
    private FakeDaprSidecar _sidecar = null!;

    public async Task InitializeAsync() => _sidecar = await FakeDaprSidecar.StartAsync(s => s.ApiToken = "secret");

    public async Task DisposeAsync() => await _sidecar.DisposeAsync();

    private DaprSidecarClient Client(string? token = "secret", string pubsub = "citymesh-pubsub") => new(new HttpClient(), new DaprOptions
    {
        SidecarEndpoint = _sidecar.Endpoint, ApiToken = token, PubSubName = pubsub, RetryBackoff = TimeSpan.FromMilliseconds(1),
    });

    private static CloudEvent Json(string subject = "urn:ngsi-ld:RoadSegment:jinan:r1") =>
        CloudEvent.Create("/test", "io.citymesh.test", new { speed = 42 }, subject);

    [Fact]
    public async Task Should_Post_Our_Own_CloudEvent_With_Token_And_Partition_Key()
    {
        var e = Json();
        await Client().PublishAsync("twin.changed", e);
        var request = Assert.Single(_sidecar.Requests);
        Assert.Equal("/v1.0/publish/citymesh-pubsub/twin.changed", request.Path);
        Assert.Equal("application/cloudevents+json", request.ContentType);
        Assert.Equal("secret", request.Token);
        Assert.Equal(e.Subject, request.Query["metadata.partitionKey"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(e.Id, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("1.0", body.RootElement.GetProperty("specversion").GetString());
        Assert.Equal(42, body.RootElement.GetProperty("data").GetProperty("speed").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("data_base64", out _));
        Assert.Equal(e.Id, Assert.Single(_sidecar.Published["twin.changed"])["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_Send_Binary_Data_As_Data_Base64()
    {
        var e = Telemetry.TelemetryContent.Create("/sim", "urn:ngsi-ld:FloodGauge:jinan:g1", new Telemetry.ReadingBatch());
        e = e with { BinaryData = new byte[] { 0, 255, 7, 128 } };
        await Client().PublishAsync("telemetry.raw", e);
        using var body = JsonDocument.Parse(Assert.Single(_sidecar.Requests).Body);
        Assert.Equal(Convert.ToBase64String([0, 255, 7, 128]), body.RootElement.GetProperty("data_base64").GetString());
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        Assert.Equal(Telemetry.TelemetryContent.ContentType, body.RootElement.GetProperty("datacontenttype").GetString());
    }

    [Fact]
    public async Task Should_Fail_Clearly_On_Forbidden_Topic_Without_Retrying()
    {
        _sidecar.ForbiddenTopics.Add("actions.decided");
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client().PublishAsync("actions.decided", Json()));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("ERR_PUBSUB_FORBIDDEN", error.ErrorCode);
        Assert.Contains("citymesh-pubsub/actions.decided", error.Message);
        Assert.Single(_sidecar.Requests);
    }

    [Fact]
    public async Task Should_Fail_Clearly_On_Unknown_PubSub()
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client(pubsub: "nope").PublishAsync("twin.changed", Json()));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ERR_PUBSUB_NOT_FOUND", error.ErrorCode);
        Assert.Contains("pubsub 'nope'", error.Message);
        Assert.Equal(("nope", "twin.changed"), (error.PubSubName, error.Topic));
    }

    [Fact]
    public async Task Should_Retry_500_With_Backoff_Then_Succeed_Or_Give_Up()
    {
        _sidecar.FailingPublishes = 2;
        await Client().PublishAsync("twin.changed", Json());
        Assert.Equal(3, _sidecar.Requests.Count);
        Assert.Single(_sidecar.Published["twin.changed"]);

        _sidecar.FailingPublishes = 100;
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client().PublishAsync("twin.changed", Json()));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("ERR_PUBSUB_PUBLISH_MESSAGE", error.ErrorCode);
        Assert.Equal(3 + 4, _sidecar.Requests.Count);
    }

    [Fact]
    public async Task Should_Be_Refused_With_A_Wrong_Api_Token()
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client(token: "wrong").PublishAsync("twin.changed", Json()));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("DAPR_API_TOKEN", error.Message);
        Assert.False(_sidecar.Published.ContainsKey("twin.changed"));
    }

    [Fact]
    public async Task Should_Bulk_Publish_And_Resend_Only_The_Failed_Entries()
    {
        // Entries 1 and 3 fail on their first attempt only.
        _sidecar.FailBulkEntry = (entryId, attempt) => entryId is "1" or "3" && attempt == 1;
        var events = Enumerable.Range(0, 5).Select(i => Json($"urn:s:{i}")).ToArray();
        await Client().BulkPublishAsync("twin.changed", events);
        var requests = _sidecar.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("/v1.0-alpha1/publish/bulk/citymesh-pubsub/twin.changed", requests[0].Path);
        using var first = JsonDocument.Parse(requests[0].Body);
        var entry = first.RootElement[0];
        Assert.Equal("application/cloudevents+json", entry.GetProperty("contentType").GetString());
        Assert.Equal("urn:s:0", entry.GetProperty("metadata").GetProperty("partitionKey").GetString());
        Assert.Equal(events[0].Id, entry.GetProperty("event").GetProperty("id").GetString());
        using var second = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(["1", "3"], second.RootElement.EnumerateArray().Select(x => x.GetProperty("entryId").GetString()));
        Assert.Equal(events.Select(e => e.Id).Order(), _sidecar.Published["twin.changed"].Select(x => x["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Should_Report_Bulk_Entries_That_Keep_Failing()
    {
        _sidecar.FailBulkEntry = (entryId, _) => entryId == "2";
        var events = Enumerable.Range(0, 3).Select(i => Json($"urn:s:{i}")).ToArray();
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client().BulkPublishAsync("twin.changed", events));
        var failed = Assert.Single(error.FailedEntries);
        Assert.Equal(events[2].Id, failed.EventId);
        Assert.Equal("broker refused the message", failed.Error);
        Assert.Equal(2, _sidecar.Published["twin.changed"].Count);
    }

    [Fact]
    public async Task Should_Fail_A_Bulk_Publish_To_A_Missing_PubSub_With_400()
    {
        var error = await Assert.ThrowsAsync<DaprPublishException>(() => Client(pubsub: "nope").BulkPublishAsync("twin.changed", [Json()]));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(_sidecar.Requests);
    }
}
