using CityMesh.Messaging.Telemetry;
using CityMesh.Twin.Ingestion;
using Grpc.Core;
using static CityMesh.Server.Tests.Ingestion.GrpcTwinHost;

namespace CityMesh.Server.Tests.Ingestion;

/// <summary>The .NET gateway client against a real twin: retries with backoff on transient failures only.</summary>
public sealed class TelemetryGatewayClientTests(GrpcTwinHost host) : IClassFixture<GrpcTwinHost>
{
    private static readonly GatewayRetry Quick = new() { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    /// <summary>
    /// Refuses the first <paramref name="failures"/> requests as SocketsHttpHandler does when nothing listens (which
    /// gRPC reports as Unavailable), then passes requests on to the twin.
    /// </summary>
    private sealed class Unreachable(int failures) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _left = failures;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _left) >= 0
                ? throw new HttpRequestException(HttpRequestError.ConnectionError, "connection refused (on purpose)",
                    new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
                : base.SendAsync(request, cancellationToken);
    }

    private TelemetryGatewayClient Gateway(HttpMessageHandler? handler, string role = "data-provider") => new(
        new TelemetryIngestion.TelemetryIngestionClient(host.Channel(handler)), new Metadata { { "x-api-key", TestAccess.KeyOf(role) } }, Quick);

    [Fact]
    public async Task Should_Retry_While_The_Twin_Is_Unreachable_And_Acknowledge_Every_Batch_Once()
    {
        var gateway = Gateway(new Unreachable(failures: 2));
        var batches = Enumerable.Range(0, 3).Select(i => Batch(Number(Detector, "gatewayFlow", 100 + i, T0.AddMinutes(i), "E50"))).ToArray();

        var acks = await gateway.SendAsync(batches);

        Assert.Equal(3, gateway.Calls);
        Assert.Equal([1L, 2L, 3L], acks.Select(a => a.Sequence));
        Assert.All(acks, a => Assert.Equal(1, a.Published));
        Assert.Equal([100.0, 101.0, 102.0], host.PublishedFor(Detector).Where(r => r.Attribute == "gatewayFlow").Select(r => r.Number));
    }

    [Fact]
    public async Task Should_Give_Up_After_As_Many_Transient_Failures_In_A_Row_As_Allowed()
    {
        var gateway = Gateway(new Unreachable(failures: int.MaxValue));
        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.SendAsync([Batch(Number(Other, "gatewayFlow", 1, T0, "E50"))]));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(Quick.MaxAttempts, gateway.Calls);
    }

    [Fact]
    public async Task Should_Not_Retry_A_Refusal()
    {
        var gateway = Gateway(null, role: "viewer");
        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.SendAsync([Batch(Number(Other, "gatewayFlow", 2, T0, "E50"))]));
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal(1, gateway.Calls);
        Assert.DoesNotContain(host.PublishedFor(Other), r => r.Attribute == "gatewayFlow");
    }
}
