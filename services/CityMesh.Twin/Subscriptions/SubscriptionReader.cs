using System.Text.Json;
using System.Text.RegularExpressions;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Reads a subscription from a request body (POST), or applies a fragment to one (PATCH), checking every member.
/// A member of the wrong shape or value is BadRequestData naming it (<c>notification.endpoint.uri</c>); a member
/// CityMesh does not implement is OperationNotSupported. Read-only members a client may send back from a GET
/// (<c>status</c>, <c>createdAt</c>, the notification's counters) are ignored.
/// </summary>
/// <param name="contextSource">The request's context as JSON: a URL string, or the body's @context.</param>
/// <param name="contextUrl">The URL notifications use when <c>jsonldContext</c> is not given.</param>
public sealed partial class SubscriptionReader(LdContext context, string contextSource, string contextUrl, SubscriptionOptions options, DateTimeOffset now)
{
    /// <summary>The request's context as JSON, kept with the subscription to read its q.</summary>
    public string ContextSource => contextSource;

    private static readonly string[] Unsupported = ["csf", "temporalQ", "scopeQ", "notificationTrigger", "lang", "datasetId", "showChanges"];

    public Subscription Create(JsonElement body)
    {
        var root = Object(body, "");
        foreach (var member in root.EnumerateObject()) CheckSupported(member, "");
        var id = root.TryGetProperty("id", out var idElement) ? Id(idElement) : $"urn:ngsi-ld:Subscription:{Guid.NewGuid():N}";
        if (!root.TryGetProperty("type", out var type)) throw Bad("is required and must be Subscription", "type");
        CheckType(type);
        if (!root.TryGetProperty("notification", out var notification)) throw Bad("is required: it says where notifications go", "notification");
        var subscription = new Subscription
        {
            Id = id,
            Context = contextSource,
            JsonLdContext = contextUrl,
            Notification = Notification(notification, null),
            CreatedAt = now,
            ModifiedAt = now,
        };
        return Checked(Apply(subscription, root, creating: true));
    }

    /// <summary>PATCH: the members given replace the subscription's; <c>notification</c>'s members replace one by one.</summary>
    public Subscription Patch(Subscription current, JsonElement body)
    {
        var root = Object(body, "");
        var count = 0;
        foreach (var member in root.EnumerateObject())
        {
            CheckSupported(member, "");
            if (member.Name != "@context") count++;
        }
        if (count == 0) throw Bad("names no member to change", "");
        if (root.TryGetProperty("id", out var id) && Id(id) != current.Id) throw Bad("cannot change; a subscription keeps its id", "id");
        if (root.TryGetProperty("type", out var type)) CheckType(type);
        var patched = Apply(current, root, creating: false);
        if (root.TryGetProperty("notification", out var notification)) patched = patched with { Notification = Notification(notification, current.Notification) };
        return Checked(patched with { ModifiedAt = now });
    }

    private Subscription Apply(Subscription s, JsonElement root, bool creating)
    {
        foreach (var member in root.EnumerateObject())
        {
            var v = member.Value;
            s = member.Name switch
            {
                "subscriptionName" => s with { SubscriptionName = NullableText(v, "subscriptionName") },
                "description" => s with { Description = NullableText(v, "description") },
                "entities" => s with { Entities = Null(v) ? null : Entities(v) },
                "watchedAttributes" => s with { WatchedAttributes = Null(v) ? null : Names(v, "watchedAttributes") },
                "q" => s with { Q = Null(v) ? null : Query(v) },
                "geoQ" => s with { GeoQ = Null(v) ? null : Geo(v) },
                "timeInterval" => s with { TimeInterval = Null(v) ? null : Seconds(v, "timeInterval", options.MinTimeInterval) },
                "throttling" => s with { Throttling = Null(v) ? null : Seconds(v, "throttling", 0) },
                "expiresAt" => s with { ExpiresAt = Null(v) ? null : Expires(v) },
                "isActive" => s with { IsActive = v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Bad("must be true or false", "isActive") },
                "jsonldContext" => s with { JsonLdContext = Null(v) ? contextUrl : JsonLdContext(v) },
                "notification" when creating => s, // read first, on its own
                _ => s,
            };
        }
        return s;
    }

    /// <summary>The rules between members, on the whole subscription (after a PATCH too).</summary>
    private static Subscription Checked(Subscription s)
    {
        if (s.Entities is null && s.WatchedAttributes is null)
            throw Bad("a subscription needs entities or watchedAttributes (or both) to say what it follows", "entities");
        if (s.TimeInterval is not null && s.WatchedAttributes is not null)
            throw Bad("a periodic subscription (timeInterval) notifies whatever changed; it cannot also have watchedAttributes", "timeInterval");
        if (s.TimeInterval is not null && s.Throttling is not null)
            throw Bad("a periodic subscription (timeInterval) cannot also have throttling", "throttling");
        return s;
    }

    private static void CheckSupported(JsonProperty member, string path)
    {
        if (Array.IndexOf(Unsupported, member.Name) >= 0 && member.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
            throw new NgsiProblemException(NgsiProblem.OperationNotSupported($"{member.Name} is not supported by CityMesh subscriptions", path + member.Name));
    }

    private static void CheckType(JsonElement type)
    {
        if (type.ValueKind != JsonValueKind.String || type.GetString() != "Subscription") throw Bad("must be Subscription", "type");
    }

    private static string Id(JsonElement id)
    {
        var text = id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        return EntityIdSyntax.IsValid(text) ? text! : throw Bad("must be an absolute URI", "id");
    }

    private IReadOnlyList<EntitySelector> Entities(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw Bad("must be a non-empty array of {type, id or idPattern}", "entities");
        var selectors = new List<EntitySelector>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var path = $"entities[{i++}]";
            var e = Object(item, path);
            if (!e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                throw Bad("is required: the type of the entities to follow", path + ".type");
            var type = context.ToStored(typeElement.GetString()!);
            if (!EntityTypes.IsValidName(type)) throw Bad($"'{typeElement.GetString()}' is not a valid type name", path + ".type");
            string? id = null, pattern = null;
            if (e.TryGetProperty("id", out var idElement))
            {
                id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                if (!EntityIdSyntax.IsValid(id)) throw Bad("must be an absolute URI", path + ".id");
            }
            if (e.TryGetProperty("idPattern", out var patternElement))
            {
                if (patternElement.ValueKind != JsonValueKind.String) throw Bad("must be a regular expression", path + ".idPattern");
                pattern = Refield(() => EntityQueryReader.ReadPattern(patternElement.GetString()), "idPattern", path + ".idPattern");
            }
            selectors.Add(new EntitySelector(type, id, pattern));
        }
        return selectors;
    }

    private IReadOnlyList<string> Names(JsonElement v, string field)
    {
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw Bad("must be a non-empty array of attribute names", field);
        var names = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                throw Bad("must be an attribute name", $"{field}[{i}]");
            QueryText.Check(item.GetString(), $"{field}[{i}]");
            names.Add(context.ToStored(item.GetString()!));
            i++;
        }
        return names.Distinct(StringComparer.Ordinal).ToArray();
    }

    private string Query(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.String) throw Bad("must be an NGSI-LD query as text", "q");
        var q = v.GetString()!;
        EntityQueryReader.ReadQ(q, context); // refuses what does not parse (QueryParseException: 400 naming q)
        return q;
    }

    private static GeoQuerySpec Geo(JsonElement v)
    {
        var g = Object(v, "geoQ");
        string Text(string name) => g.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()! : throw Bad("is required (text)", "geoQ." + name);
        var coordinates = g.TryGetProperty("coordinates", out var c)
            ? c.ValueKind switch
            {
                JsonValueKind.Array => c.GetRawText(),
                JsonValueKind.String => c.GetString()!,
                _ => throw Bad("must be a GeoJSON coordinates array", "geoQ.coordinates"),
            }
            : throw Bad("is required", "geoQ.coordinates");
        string? geoproperty = g.TryGetProperty("geoproperty", out var gp) && gp.ValueKind != JsonValueKind.Null
            ? (gp.ValueKind == JsonValueKind.String ? gp.GetString() : throw Bad("must be an attribute name", "geoQ.geoproperty"))
            : null;
        var spec = new GeoQuerySpec(Text("georel"), Text("geometry"), coordinates, geoproperty);
        Compile(spec);
        return spec;
    }

    /// <summary>The geo-query as the entity query reads one, its problems named under <c>geoQ</c>.</summary>
    internal static Query.GeoQuery Compile(GeoQuerySpec spec)
    {
        try
        {
            return EntityQueryReader.ReadGeo(new EntityQueryParameters
            {
                Georel = spec.Georel, Geometry = spec.Geometry, Coordinates = spec.Coordinates, Geoproperty = spec.Geoproperty,
            })!;
        }
        catch (NgsiProblemException e) when (e.Problem.Field is { } field)
        {
            throw new NgsiProblemException(e.Problem with { Field = "geoQ." + field });
        }
        catch (GeoJsonException e)
        {
            throw Bad(e.Message, "geoQ." + e.Field);
        }
    }

    private static double Seconds(JsonElement v, string field, double least)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds < least)
            throw Bad(least > 0 ? $"must be a number of seconds, at least {least}" : "must be a positive number of seconds", field);
        return seconds;
    }

    private DateTimeOffset Expires(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.String || !IsoTime.TryParse(v.GetString(), out var at)) throw Bad($"must be {IsoTime.Expected}", "expiresAt");
        return at > now ? at : throw Bad("is in the past; a subscription expires in the future", "expiresAt");
    }

    private static string JsonLdContext(JsonElement v)
    {
        var url = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out _)) throw Bad("must be the URL of a JSON-LD context", "jsonldContext");
        // Resolved (fetched if remote) when the subscription is compiled; one that cannot be had fails its notifications.
        return url;
    }

    private static string? NullableText(JsonElement v, string field) =>
        Null(v) ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : throw Bad("must be text", field);

    private static bool Null(JsonElement v) => v.ValueKind == JsonValueKind.Null;

    private static JsonElement Object(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.Object ? v : throw Bad("must be a JSON object", field.Length == 0 ? null : field);

    private static T Refield<T>(Func<T> read, string from, string to)
    {
        try
        {
            return read();
        }
        catch (NgsiProblemException e) when (e.Problem.Field == from)
        {
            throw new NgsiProblemException(e.Problem with { Field = to, Detail = e.Problem.Detail.Replace(from + ":", to + ":", StringComparison.Ordinal) });
        }
    }

    internal static NgsiProblemException Bad(string reason, string? field) =>
        new(NgsiProblem.BadRequestData(string.IsNullOrEmpty(field) ? reason : $"{field}: {reason}", string.IsNullOrEmpty(field) ? null : field));
}
