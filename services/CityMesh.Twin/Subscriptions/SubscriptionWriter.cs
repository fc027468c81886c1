using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;

namespace CityMesh.Twin.Subscriptions;

/// <summary>Writes a subscription as GET answers it: its members, names compacted with the reader's context, and its status.</summary>
public static class SubscriptionWriter
{
    /// <param name="embeddedContext">The @context member for application/ld+json; null when a Link header carries it.</param>
    public static void Write(Utf8JsonWriter w, StoredSubscription stored, LdContext context, DateTimeOffset now, bool sysAttrs, string? embeddedContext)
    {
        var (s, status) = stored;
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WriteString("type", "Subscription");
        if (s.SubscriptionName is { } name) w.WriteString("subscriptionName", name);
        if (s.Description is { } description) w.WriteString("description", description);
        if (s.Entities is { } entities)
        {
            w.WriteStartArray("entities");
            foreach (var e in entities)
            {
                w.WriteStartObject();
                if (e.Id is { } id) w.WriteString("id", id);
                if (e.IdPattern is { } pattern) w.WriteString("idPattern", pattern);
                w.WriteString("type", context.FromStored(e.Type));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (s.WatchedAttributes is { } watched) Names(w, "watchedAttributes", watched, context);
        if (s.Q is { } q) w.WriteString("q", q);
        if (s.GeoQ is { } geo)
        {
            w.WriteStartObject("geoQ");
            w.WriteString("geometry", geo.Geometry);
            w.WritePropertyName("coordinates");
            if (geo.Coordinates.TrimStart().StartsWith('[')) w.WriteRawValue(geo.Coordinates);
            else w.WriteStringValue(geo.Coordinates);
            w.WriteString("georel", geo.Georel);
            if (geo.Geoproperty is { } property) w.WriteString("geoproperty", property);
            w.WriteEndObject();
        }
        if (s.TimeInterval is { } interval) w.WriteNumber("timeInterval", interval);
        if (s.Throttling is { } throttling) w.WriteNumber("throttling", throttling);
        if (s.ExpiresAt is { } expires) w.WriteString("expiresAt", expires.UtcDateTime);
        w.WriteBoolean("isActive", s.IsActive);
        w.WriteString("status", s.StatusAt(now));
        if (s.JsonLdContext is { } jsonLd) w.WriteString("jsonldContext", jsonLd);
        WriteNotification(w, s.Notification, status, context);
        if (sysAttrs)
        {
            w.WriteString("createdAt", s.CreatedAt.UtcDateTime);
            w.WriteString("modifiedAt", s.ModifiedAt.UtcDateTime);
        }
        if (embeddedContext is not null) w.WriteString("@context", embeddedContext);
        w.WriteEndObject();
    }

    private static void WriteNotification(Utf8JsonWriter w, NotificationParams n, DeliveryStatus status, LdContext context)
    {
        w.WriteStartObject("notification");
        if (n.Attributes is { } attributes) Names(w, "attributes", attributes, context);
        w.WriteString("format", n.Format);
        if (n.SysAttrs) w.WriteBoolean("sysAttrs", true);
        w.WriteStartObject("endpoint");
        w.WriteString("uri", n.Endpoint.Uri.OriginalString);
        w.WriteString("accept", n.Endpoint.Accept);
        Pairs(w, "receiverInfo", n.Endpoint.ReceiverInfo);
        Pairs(w, "notifierInfo", n.Endpoint.NotifierInfo);
        w.WriteEndObject();
        if (status.State is { } state) w.WriteString("status", state);
        w.WriteNumber("timesSent", status.TimesSent);
        w.WriteNumber("timesFailed", status.TimesFailed);
        if (status.LastNotification is { } last) w.WriteString("lastNotification", last.UtcDateTime);
        if (status.LastSuccess is { } success) w.WriteString("lastSuccess", success.UtcDateTime);
        if (status.LastFailure is { } failure) w.WriteString("lastFailure", failure.UtcDateTime);
        w.WriteNumber("consecutiveErrors", status.ConsecutiveErrors);
        if (status.LastFailureReason is { } reason) w.WriteString("lastFailureReason", reason);
        w.WriteEndObject();
    }

    private static void Names(Utf8JsonWriter w, string member, IReadOnlyList<string> names, LdContext context)
    {
        w.WriteStartArray(member);
        foreach (var name in names) w.WriteStringValue(context.FromStored(name));
        w.WriteEndArray();
    }

    private static void Pairs(Utf8JsonWriter w, string member, IReadOnlyList<KeyValue> pairs)
    {
        if (pairs.Count == 0) return;
        w.WriteStartArray(member);
        foreach (var pair in pairs)
        {
            w.WriteStartObject();
            w.WriteString("key", pair.Key);
            w.WriteString("value", pair.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
