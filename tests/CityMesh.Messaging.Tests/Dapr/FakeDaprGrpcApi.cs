using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// The fake runtime's pub/sub over gRPC: the runtime's status codes and messages (dapr/dapr <c>pkg/api/grpc</c>,
/// <c>pkg/messages</c>), its API-token check and its readiness, on the <see cref="FakeDaprSidecar"/>'s broker.
/// </summary>
internal sealed class FakeDaprGrpcApi(FakeDaprSidecar sidecar) : DaprRuntimeServiceBase
{
    public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        Admit(context, "PublishEvent", request);
        var (pubsub, topic) = Validate(request.PubsubName, request.Topic);
        if (sidecar.TakeBrokerFailure())
            throw new RpcException(new Status(StatusCode.Internal, $"error when publish to topic {topic} in pubsub {pubsub}: broker unavailable"));
        var envelope = FakeCloudEventEnvelope.Build(request.Data.Span, request.DataContentType, topic, pubsub, sidecar.AppId, ChildTraceParent(context));
        sidecar.Accept(topic, envelope);
        return Task.FromResult(new Empty());
    }

    public override Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context) => BulkPublish(request, context, "BulkPublishEvent");

    public override Task<BulkPublishResponse> BulkPublishEventAlpha1(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublish(request, context, "BulkPublishEventAlpha1");

    /// <summary>
    /// Entries go to the broker one by one, as the runtime's default bulk publisher does: those it takes are published
    /// even when others fail, and then the whole call fails with Internal (the runtime returns no failed entries over
    /// gRPC when it returns an error).
    /// </summary>
    private Task<BulkPublishResponse> BulkPublish(BulkPublishRequest request, ServerCallContext context, string method)
    {
        Admit(context, method, request);
        var (pubsub, topic) = Validate(request.PubsubName, request.Topic);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in request.Entries)
            if (entry.EntryId.Length == 0 || !ids.Add(entry.EntryId))
                throw new RpcException(new Status(StatusCode.InvalidArgument,
                    $"error marshaling events to bytes for topic {topic} pubsub {pubsub}: entryId is duplicated or not present for entry"));
        var failed = new List<string>();
        foreach (var entry in request.Entries)
        {
            // Each entry gets a producer span of its own, so its own traceparent.
            var envelope = FakeCloudEventEnvelope.Build(entry.Event.Span, entry.ContentType, topic, pubsub, sidecar.AppId, ChildTraceParent(context));
            if (sidecar.FailsBulkEntry(envelope)) failed.Add(entry.EntryId);
            else sidecar.Accept(topic, envelope);
        }
        if (failed.Count > 0)
            throw new RpcException(new Status(StatusCode.Internal,
                $"error when publish to topic {topic} in pubsub {pubsub}: {failed.Count} of {request.Entries.Count} entries failed: broker refused the message"));
        return Task.FromResult(new BulkPublishResponse());
    }

    public override Task<Empty> Shutdown(ShutdownRequest request, ServerCallContext context)
    {
        Admit(context, "Shutdown", request);
        sidecar.ShutdownRequested = true;
        return Task.FromResult(new Empty());
    }

    /// <summary>Records the call, then applies the runtime's API-token interceptor and its readiness.</summary>
    private void Admit(ServerCallContext context, string method, IMessage request)
    {
        var token = context.RequestHeaders.GetValue("dapr-api-token");
        sidecar.Calls.Enqueue(new GrpcCall(method, token, context.RequestHeaders.GetValue("traceparent"), request));
        if (sidecar.ApiToken is { } expected)
        {
            if (token is null) throw new RpcException(new Status(StatusCode.Unauthenticated, "missing api token in request metadata"));
            if (token != expected) throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }
        // A daprd still loading components has not opened its gRPC API yet: the client sees Unavailable.
        if (!sidecar.OutboundReady || sidecar.TakeUnavailableCall()) throw new RpcException(new Status(StatusCode.Unavailable, "dapr is not ready"));
    }

    private (string PubSub, string Topic) Validate(string pubsub, string topic)
    {
        if (pubsub.Length == 0) throw new RpcException(new Status(StatusCode.InvalidArgument, "pubsub name is empty"));
        if (pubsub != sidecar.PubSubName) throw new RpcException(new Status(StatusCode.InvalidArgument, $"pubsub {pubsub} not found"));
        if (topic.Length == 0) throw new RpcException(new Status(StatusCode.InvalidArgument, $"topic is empty in pubsub {pubsub}"));
        if (sidecar.ForbiddenTopics.Contains(topic))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"topic {topic} is not allowed for app id {sidecar.AppId}"));
        return (pubsub, topic);
    }

    /// <summary>
    /// The runtime writes its own producer span into the envelope: a child of the caller's trace context (the
    /// <c>traceparent</c> call header), or a new trace when the call carries none.
    /// </summary>
    private static string ChildTraceParent(ServerCallContext context)
    {
        var span = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]);
        var parent = context.RequestHeaders.GetValue("traceparent")?.Split('-');
        return parent is { Length: 4 } && parent[1].Length == 32
            ? $"00-{parent[1]}-{span}-{parent[3]}"
            : $"00-{Guid.NewGuid():N}-{span}-01";
    }
}

/// <summary>One gRPC call the fake sidecar received, before any check.</summary>
internal sealed record GrpcCall(string Method, string? Token, string? TraceParent, IMessage Request);
