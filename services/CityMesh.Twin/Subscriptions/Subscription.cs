namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// An NGSI-LD subscription (ETSI GS CIM 009 v1.8.1, clause 5.2.12) as the client wrote it, with names as the store keeps
/// them (types and attributes in CityMesh terms) except <see cref="Q"/>, which stays the client's text and is read
/// with <see cref="Context"/>. Plain data, so it is stored as JSON as it is; what matching needs is compiled from it
/// (<see cref="CompiledSubscription"/>).
/// </summary>
public sealed record Subscription
{
    public required string Id { get; init; }
    public string? SubscriptionName { get; init; }
    public string? Description { get; init; }

    /// <summary>Any of these selects an entity; null: any entity (then <see cref="WatchedAttributes"/> is given).</summary>
    public IReadOnlyList<EntitySelector>? Entities { get; init; }

    /// <summary>A change to any of these triggers; null: any change.</summary>
    public IReadOnlyList<string>? WatchedAttributes { get; init; }

    /// <summary>NGSI-LD query language, in the client's names.</summary>
    public string? Q { get; init; }

    public GeoQuerySpec? GeoQ { get; init; }

    /// <summary>Seconds between periodic notifications; null: notify on change.</summary>
    public double? TimeInterval { get; init; }

    /// <summary>Least seconds between two notifications; changes in between go out together after it.</summary>
    public double? Throttling { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
    public bool IsActive { get; init; } = true;
    public required NotificationParams Notification { get; init; }

    /// <summary>
    /// The @context the request was read with, as JSON: a URL string (the request's Link header, or CityMesh's when
    /// it named none) or the body's <c>@context</c> value. q is read with it.
    /// </summary>
    public required string Context { get; init; }

    /// <summary>
    /// The <c>jsonldContext</c> member: the URL of the context notifications are written with. When a client gives
    /// none, the context its request named by URL (Link header, or a single URL in @context), else CityMesh's.
    /// </summary>
    public required string JsonLdContext { get; init; }

    /// <summary>
    /// The change log's head when the subscription was created (<see cref="Changes.ChangePosition"/> text): changes up to
    /// it came before the subscription and are not notified, however late the notifier reads them.
    /// </summary>
    public string? Since { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }

    /// <summary>active, paused (isActive false) or expired (expiresAt passed).</summary>
    public string StatusAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now ? "expired" : IsActive ? "active" : "paused";

    public bool IsLiveAt(DateTimeOffset now) => StatusAt(now) == "active";
}

/// <summary>One <c>entities</c> member: a type, and optionally an id or an id pattern.</summary>
public sealed record EntitySelector(string Type, string? Id = null, string? IdPattern = null);

/// <summary><c>geoQ</c> as written: georel, geometry, coordinates (the JSON text of the array) and geoproperty.</summary>
public sealed record GeoQuerySpec(string Georel, string Geometry, string Coordinates, string? Geoproperty = null);

/// <summary><c>notification</c>: what is sent, in which form, where.</summary>
public sealed record NotificationParams
{
    /// <summary>Attributes each entity carries in a notification; null: all.</summary>
    public IReadOnlyList<string>? Attributes { get; init; }

    /// <summary>normalized or keyValues.</summary>
    public string Format { get; init; } = "normalized";

    public bool SysAttrs { get; init; }
    public required NotificationEndpoint Endpoint { get; init; }
}

/// <param name="Accept">application/json (context in a Link header) or application/ld+json (in each entity).</param>
/// <param name="ReceiverInfo">Headers sent with every notification.</param>
/// <param name="NotifierInfo">Settings for the notifier; CityMesh keeps and returns them, using none.</param>
public sealed record NotificationEndpoint(Uri Uri, string Accept, IReadOnlyList<KeyValue> ReceiverInfo, IReadOnlyList<KeyValue> NotifierInfo);

public sealed record KeyValue(string Key, string Value);
