using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// The server side of the Dapr runtime's gRPC service (<c>dapr.proto.runtime.v1.Dapr</c>) for the methods
/// <c>DaprClient</c> calls for pub/sub. Dapr.Protos ships the messages and a client only, not the <c>DaprBase</c> that
/// Grpc.Tools would generate, so this binds them by hand: Grpc.AspNetCore calls <see cref="BindService"/> and then
/// invokes the override, on the registered service, of the virtual method named like each gRPC method.
/// Unbound methods (server reflection, state, actors) are answered Unimplemented by Grpc.AspNetCore.
/// </summary>
[BindServiceMethod(typeof(DaprRuntimeServiceBase), nameof(BindService))]
internal abstract class DaprRuntimeServiceBase
{
    private const string Service = "dapr.proto.runtime.v1.Dapr";

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<BulkPublishResponse> BulkPublishEventAlpha1(BulkPublishRequest request, ServerCallContext context) => throw Unimplemented();

    public virtual Task<Empty> Shutdown(ShutdownRequest request, ServerCallContext context) => throw Unimplemented();

    public static void BindService(ServiceBinderBase binder, DaprRuntimeServiceBase? service)
    {
        binder.AddMethod(Unary("PublishEvent", PublishEventRequest.Parser, Empty.Parser), service is null ? null! : service.PublishEvent);
        binder.AddMethod(Unary("BulkPublishEvent", BulkPublishRequest.Parser, BulkPublishResponse.Parser), service is null ? null! : service.BulkPublishEvent);
        binder.AddMethod(Unary("BulkPublishEventAlpha1", BulkPublishRequest.Parser, BulkPublishResponse.Parser),
            service is null ? null! : service.BulkPublishEventAlpha1);
        binder.AddMethod(Unary("Shutdown", ShutdownRequest.Parser, Empty.Parser), service is null ? null! : service.Shutdown);
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, Service, name,
            Marshallers.Create(r => r.ToByteArray(), request.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), response.ParseFrom));

    private static RpcException Unimplemented() => new(new Status(StatusCode.Unimplemented, "not served by this sidecar"));
}
