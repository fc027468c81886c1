using System.Buffers;
using System.Text.Json;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi;
using CityMesh.Twin.Ngsi.Codec;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// A notification as NGSI-LD writes one (clause 5.3.1): <c>{id, type: Notification, subscriptionId, notifiedAt,
/// data}</c>, the entities in the subscription's format, attributes and context. application/ld+json carries the
/// context in the body's @context; application/json in a Link header (<see cref="LinkHeader"/>).
/// </summary>
public static class NotificationPayload
{
    public static byte[] Write(CompiledSubscription s, IReadOnlyList<Entity> entities, DateTimeOffset notifiedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + 512 * entities.Count);
        using (var w = new Utf8JsonWriter(buffer, NgsiLdCodec.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", $"urn:ngsi-ld:Notification:{Guid.NewGuid():N}");
            w.WriteString("type", "Notification");
            w.WriteString("subscriptionId", s.Id);
            w.WriteString("notifiedAt", notifiedAt.UtcDateTime);
            w.WriteStartArray("data");
            foreach (var entity in entities) NgsiLdCodec.WriteEntity(w, entity, s.Representation);
            w.WriteEndArray();
            if (IsJsonLd(s)) w.WriteString("@context", s.Subscription.JsonLdContext);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string ContentType(CompiledSubscription s) => IsJsonLd(s) ? NgsiMediaTypes.JsonLd : NgsiMediaTypes.Json;

    /// <summary>The Link header naming the context, for application/json; null for application/ld+json.</summary>
    public static string? LinkHeader(CompiledSubscription s) => IsJsonLd(s) ? null : NgsiMediaTypes.ContextLink(s.Subscription.JsonLdContext);

    private static bool IsJsonLd(CompiledSubscription s) => s.Subscription.Notification.Endpoint.Accept == NgsiMediaTypes.JsonLd;
}
