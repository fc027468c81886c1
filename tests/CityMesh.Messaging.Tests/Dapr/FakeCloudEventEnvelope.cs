using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// The envelope the runtime stores for a published payload (dapr/dapr <c>pkg/runtime/pubsub</c> <c>NewCloudEvent</c>,
/// components-contrib <c>pubsub/envelope.go</c>): an <c>application/cloudevents+json</c> payload is kept as it is
/// (<c>FromCloudEvent</c>) except that <c>traceparent</c>, <c>traceid</c> and <c>tracestate</c> are overwritten with
/// the runtime's producer span and <c>topic</c>, <c>pubsubname</c> set; missing <c>source</c>, <c>type</c>,
/// <c>specversion</c> and <c>time</c> are filled in. Any other payload is wrapped in a new envelope with a new id:
/// JSON in <c>data</c>, binary in <c>data_base64</c>, text as a string.
/// </summary>
internal static class FakeCloudEventEnvelope
{
    public static JsonObject Build(ReadOnlySpan<byte> payload, string contentType, string topic, string pubsub, string appId, string traceParent)
    {
        JsonObject envelope;
        if (contentType.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                envelope = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"cannot create cloudevent: {e.Message}"));
            }
            envelope.TryAdd("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ssK"));
        }
        else
        {
            var type = contentType.Length == 0 ? "text/plain" : contentType;
            envelope = new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["datacontenttype"] = type,
                ["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ssK"),
            };
            if (type.Contains("json", StringComparison.OrdinalIgnoreCase)) envelope["data"] = ParseOrText(payload);
            else if (type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)) envelope["data"] = Encoding.UTF8.GetString(payload);
            else envelope["data_base64"] = Convert.ToBase64String(payload);
        }
        envelope.TryAdd("source", appId);
        envelope.TryAdd("type", "com.dapr.event.sent");
        envelope.TryAdd("specversion", "1.0");
        envelope["traceparent"] = traceParent;
        envelope["traceid"] = traceParent;
        envelope["tracestate"] = "";
        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        return envelope;
    }

    private static JsonNode? ParseOrText(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload);
        }
    }
}
