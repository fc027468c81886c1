namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// The live change-triggered subscriptions of one tenant, indexed so a change finds its candidates without testing
/// every subscription: by entity type, then by watched attribute (a subscription without watchedAttributes sits under
/// every attribute of its type). Subscriptions without entities (watchedAttributes alone) sit under their attributes
/// for every type. Immutable: rebuilt whole when a subscription changes, and swapped in.
/// </summary>
public sealed class SubscriptionIndex
{
    public static readonly SubscriptionIndex Empty = new([], DateTimeOffset.MinValue);

    private readonly Dictionary<string, Bucket> _byType = new(StringComparer.Ordinal);
    private readonly Bucket _anyType = new();

    public SubscriptionIndex(IReadOnlyList<CompiledSubscription> subscriptions, DateTimeOffset now)
    {
        var byId = new Dictionary<string, CompiledSubscription>(StringComparer.Ordinal);
        var periodic = new List<CompiledSubscription>();
        foreach (var s in subscriptions)
        {
            byId[s.Id] = s;
            if (!s.Subscription.IsLiveAt(now)) continue;
            if (s.Subscription.TimeInterval is not null)
            {
                periodic.Add(s);
                continue;
            }
            var types = s.Types.ToList();
            if (types.Count == 0) _anyType.Add(s);
            foreach (var type in types)
            {
                if (!_byType.TryGetValue(type, out var bucket)) _byType[type] = bucket = new Bucket();
                bucket.Add(s);
            }
            if (s.Subscription.ExpiresAt is { } expires && (NextExpiry is null || expires < NextExpiry)) NextExpiry = expires;
        }
        ById = byId;
        Periodic = periodic;
        Count = subscriptions.Count;
    }

    /// <summary>Every subscription, live or not, by id (the sender looks up how to write a notification).</summary>
    public IReadOnlyDictionary<string, CompiledSubscription> ById { get; }

    /// <summary>Live subscriptions with a timeInterval.</summary>
    public IReadOnlyList<CompiledSubscription> Periodic { get; }

    public int Count { get; }

    /// <summary>When the first indexed subscription expires: the index is rebuilt then.</summary>
    public DateTimeOffset? NextExpiry { get; private set; }

    /// <summary>Whether any subscription could care about entities of this type.</summary>
    public bool Concerns(string type) => _byType.ContainsKey(type) || !_anyType.IsEmpty;

    /// <summary>
    /// The subscriptions whose type and watched attributes a change concerns, each once; selectors (id, idPattern)
    /// and q and geoQ are then the caller's to test.
    /// </summary>
    /// <param name="changed">The attributes the change wrote; null when it created the entity (all of them).</param>
    public void Candidates(string type, IReadOnlyCollection<string>? changed, HashSet<CompiledSubscription> into)
    {
        if (_byType.TryGetValue(type, out var bucket)) bucket.Collect(changed, into);
        _anyType.Collect(changed, into);
    }

    private sealed class Bucket
    {
        private readonly List<CompiledSubscription> _everyChange = [];
        private readonly Dictionary<string, List<CompiledSubscription>> _byAttribute = new(StringComparer.Ordinal);

        public bool IsEmpty => _everyChange.Count == 0 && _byAttribute.Count == 0;

        public void Add(CompiledSubscription s)
        {
            if (s.Watched is null)
            {
                _everyChange.Add(s);
                return;
            }
            foreach (var attribute in s.Watched)
            {
                if (!_byAttribute.TryGetValue(attribute, out var list)) _byAttribute[attribute] = list = [];
                list.Add(s);
            }
        }

        public void Collect(IReadOnlyCollection<string>? changed, HashSet<CompiledSubscription> into)
        {
            into.UnionWith(_everyChange);
            if (changed is null)
            {
                foreach (var list in _byAttribute.Values) into.UnionWith(list);
                return;
            }
            foreach (var attribute in changed)
            {
                if (_byAttribute.TryGetValue(attribute, out var list)) into.UnionWith(list);
            }
        }
    }
}
