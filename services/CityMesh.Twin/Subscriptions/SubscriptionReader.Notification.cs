using System.Text.Json;
using System.Text.RegularExpressions;
using CityMesh.Twin.Ngsi;
using CityMesh.Twin.Ngsi.Queries;

namespace CityMesh.Twin.Subscriptions;

/// <summary>The <c>notification</c> member: attributes, format and the endpoint.</summary>
public sealed partial class SubscriptionReader
{
    /// <summary>Headers a receiverInfo entry may not set: the notifier writes them for the body it sends.</summary>
    private static readonly string[] ReservedHeaders = ["content-type", "content-length", "host", "link", "transfer-encoding", "connection"];

    private NotificationParams Notification(JsonElement v, NotificationParams? current)
    {
        var n = Object(v, "notification");
        foreach (var member in n.EnumerateObject()) CheckSupported(member, "notification.");
        var result = current;
        if (n.TryGetProperty("endpoint", out var endpoint)) result = (result ?? new NotificationParams { Endpoint = Endpoint(endpoint) }) with { Endpoint = Endpoint(endpoint) };
        if (result is null) throw Bad("is required: where notifications go", "notification.endpoint");
        foreach (var member in n.EnumerateObject())
        {
            var m = member.Value;
            result = member.Name switch
            {
                "attributes" => result with { Attributes = Null(m) ? null : Names(m, "notification.attributes") },
                "format" => result with { Format = Format(m) },
                "sysAttrs" => result with { SysAttrs = m.ValueKind is JsonValueKind.True or JsonValueKind.False ? m.GetBoolean() : throw Bad("must be true or false", "notification.sysAttrs") },
                _ => result,
            };
        }
        return result;
    }

    private static string Format(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString() switch
    {
        "normalized" => "normalized",
        "keyValues" or "simplified" => "keyValues",
        var other => throw Bad($"'{other}' is not a format CityMesh writes; use normalized or keyValues", "notification.format"),
    } : throw Bad("must be normalized or keyValues", "notification.format");

    private NotificationEndpoint Endpoint(JsonElement v)
    {
        var e = Object(v, "notification.endpoint");
        if (!e.TryGetProperty("uri", out var uriElement) || uriElement.ValueKind != JsonValueKind.String)
            throw Bad("is required: the URL notifications are POSTed to", "notification.endpoint.uri");
        if (!Uri.TryCreate(uriElement.GetString(), UriKind.Absolute, out var uri)) throw Bad("must be an absolute URL", "notification.endpoint.uri");
        if (EndpointAddressGuard.Refusal(uri, options.AllowPrivateEndpoints) is { } refused) throw Bad(refused, "notification.endpoint.uri");
        var accept = NgsiMediaTypes.Json;
        if (e.TryGetProperty("accept", out var acceptElement))
        {
            accept = acceptElement.ValueKind == JsonValueKind.String ? acceptElement.GetString()! : "";
            if (accept is not (NgsiMediaTypes.Json or NgsiMediaTypes.JsonLd))
                throw Bad($"'{accept}' is not supported; notifications are application/json or application/ld+json", "notification.endpoint.accept");
        }
        return new NotificationEndpoint(uri, accept, Pairs(e, "receiverInfo", header: true), Pairs(e, "notifierInfo", header: false));
    }

    /// <summary>receiverInfo (sent as headers, so each key a header name) or notifierInfo: arrays of {key, value}.</summary>
    private static IReadOnlyList<KeyValue> Pairs(JsonElement endpoint, string name, bool header)
    {
        var field = "notification.endpoint." + name;
        if (!endpoint.TryGetProperty(name, out var v) || Null(v)) return [];
        if (v.ValueKind != JsonValueKind.Array) throw Bad("must be an array of {key, value}", field);
        var pairs = new List<KeyValue>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var path = $"{field}[{i++}]";
            var pair = Object(item, path);
            var key = pair.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : throw Bad("is required (text)", path + ".key");
            var value = pair.TryGetProperty("value", out var val) && val.ValueKind == JsonValueKind.String ? val.GetString()! : throw Bad("is required (text)", path + ".value");
            QueryText.Check(key, path + ".key");
            QueryText.Check(value, path + ".value");
            if (header)
            {
                if (!HeaderName().IsMatch(key)) throw Bad($"'{key}' is not an HTTP header name", path + ".key");
                if (Array.IndexOf(ReservedHeaders, key.ToLowerInvariant()) >= 0) throw Bad($"{key} is written by the notifier; it cannot be set", path + ".key");
                if (value.Any(c => c is '\r' or '\n' || char.IsControl(c) && c != '\t')) throw Bad("must not hold control characters", path + ".value");
            }
            pairs.Add(new KeyValue(key, value));
        }
        return pairs;
    }

    /// <summary>An RFC 9110 token.</summary>
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$")]
    private static partial Regex HeaderName();
}
