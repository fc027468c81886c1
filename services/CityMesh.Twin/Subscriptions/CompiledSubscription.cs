using System.Text.Json;
using System.Text.RegularExpressions;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Queries;
using CityMesh.Twin.Query;
using CityMesh.Contracts.Geo;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// A subscription made ready to match: its id patterns compiled, q parsed into stored names, the geo-query read, and
/// the representation its notifications are written in. Made once per subscription when the index is built.
/// </summary>
public sealed class CompiledSubscription
{
    /// <summary>Time one pattern match may take: a subscriber's pattern must not stall the notifier.</summary>
    private static readonly TimeSpan PatternTime = TimeSpan.FromMilliseconds(50);

    private readonly (EntitySelector Selector, Regex? Pattern)[] _selectors;
    private readonly HashSet<string>? _watched;

    /// <summary>Resolves the subscription's contexts (remote ones through the twin's context source) and compiles it.</summary>
    public static async Task<CompiledSubscription> CreateAsync(Subscription subscription, ContextSource contexts, CancellationToken ct)
    {
        var context = await ContextOfAsync(subscription.Context, contexts, ct);
        var notifyContext = await ContextOfAsync(JsonSerializer.Serialize(subscription.JsonLdContext), contexts, ct);
        return new CompiledSubscription(subscription, context, notifyContext);
    }

    private CompiledSubscription(Subscription subscription, LdContext context, LdContext notifyContext)
    {
        Subscription = subscription;
        _selectors = [.. (subscription.Entities ?? []).Select(e =>
            (e, e.Id is null && e.IdPattern is not null ? new Regex(e.IdPattern, RegexOptions.CultureInvariant, PatternTime) : null))];
        _watched = subscription.WatchedAttributes?.ToHashSet(StringComparer.Ordinal);
        Q = EntityQueryReader.ReadQ(subscription.Q, context);
        Geo = subscription.GeoQ is { } geo ? SubscriptionReader.Compile(geo) : null;
        Since = subscription.Since is { } since ? Changes.ChangePosition.Parse(since) : null;
        var notification = subscription.Notification;
        Representation = new NgsiRepresentation
        {
            KeyValues = notification.Format == "keyValues",
            SysAttrs = notification.SysAttrs,
            Attrs = notification.Attributes?.ToHashSet(StringComparer.Ordinal),
            Context = notifyContext,
        };
    }

    public Subscription Subscription { get; }
    public string Id => Subscription.Id;
    public QueryExpression? Q { get; }
    public GeoQuery? Geo { get; }
    public Changes.ChangePosition? Since { get; }

    /// <summary>Whether a change at this position came after the subscription was created.</summary>
    public bool IsAfterCreation(Changes.ChangePosition change) =>
        Since is not { } since || since.Epoch != change.Epoch || change.Sequence > since.Sequence;
    public NgsiRepresentation Representation { get; }

    /// <summary>Whether matching needs the entity's current state (q or geoQ), not only the change.</summary>
    public bool NeedsEntity => Q is not null || Geo is not null;

    /// <summary>Types this subscription selects; empty when it selects any entity (watchedAttributes alone).</summary>
    public IEnumerable<string> Types => _selectors.Select(s => s.Selector.Type).Distinct(StringComparer.Ordinal);

    public IReadOnlyCollection<string>? Watched => _watched;

    /// <summary>Whether an entity of this id and type is one the subscription follows.</summary>
    public bool Selects(string id, string type)
    {
        if (_selectors.Length == 0) return true;
        foreach (var (selector, pattern) in _selectors)
        {
            if (selector.Type != type) continue;
            if (selector.Id is { } wanted ? wanted == id : pattern is null || Test(pattern, id)) return true;
        }
        return false;
    }

    /// <summary>Whether a change to these attributes (null: the entity was created, so all of them) concerns the subscription.</summary>
    public bool Watches(IEnumerable<string>? changed)
    {
        if (_watched is null || changed is null) return true;
        foreach (var name in changed)
        {
            if (_watched.Contains(name)) return true;
        }
        return false;
    }

    /// <summary>
    /// q and geoQ against the entity as it is now or, given the change being matched, with the change's own values of
    /// the attributes it wrote (the entity may have moved on since).
    /// </summary>
    public bool Matches(Entity entity, IReadOnlyDictionary<string, object?>? changed = null)
    {
        if (Geo is { } geo && !MatchesGeo(geo, entity)) return false;
        if (Q is null) return true;
        try
        {
            return QueryEvaluator.Matches(Q,
                changed is null ? name => EntityValues.Resolve(entity, name) : name => EntityValues.Resolve(entity, name, changed),
                new RegexBudget(PatternTime));
        }
        catch (QueryPatternException)
        {
            return false; // a pattern that runs too long matches nothing, as in a query
        }
    }

    /// <summary>The query a periodic notification sends the results of.</summary>
    public EntityQuery Query(int limit) => new()
    {
        Types = _selectors.Length == 0 ? null : [.. Types],
        Ids = _selectors.Length > 0 && _selectors.All(s => s.Selector.Id is not null) ? [.. _selectors.Select(s => s.Selector.Id!)] : null,
        IdPattern = _selectors.Length == 1 && _selectors[0].Selector is { Id: null, IdPattern: { } p } ? p : null,
        Q = Q,
        Geo = Geo,
        Limit = limit,
    };

    private static bool MatchesGeo(GeoQuery geo, Entity entity)
    {
        if (entity.Location is not { } location) return false;
        switch (geo.Relation)
        {
            case GeoRelation.Near:
                var distance = SpatialPredicates.DistanceMetres(((Point)geo.Geometry).Coordinates, location);
                return (geo.MaxDistance is not { } max || distance <= max) && (geo.MinDistance is not { } min || distance >= min);
            case GeoRelation.Within:
                return SpatialPredicates.Within(location, geo.Geometry);
            default:
                return SpatialPredicates.Intersects(location, geo.Geometry);
        }
    }

    private static bool Test(Regex pattern, string id)
    {
        try
        {
            return pattern.IsMatch(id);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The context a subscription's stored context JSON names.</summary>
    public static async Task<LdContext> ContextOfAsync(string source, ContextSource contexts, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(source);
        return await LdContextResolver.FromBodyAsync(doc.RootElement, contexts, ct);
    }
}
