using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// The fake's etcd and registry: every object of every type behind one lock, one global resourceVersion counter
/// bumped on every write, a history of events for watches that start at an exact resourceVersion, and the
/// registry's write rules (status subresource, generation, optimistic concurrency, finalizers, garbage collection).
/// </summary>
internal sealed class FakeStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly List<(long Rv, FakeResourceType Type, JsonObject Event)> _history = [];
    private readonly List<FakeWatcher> _watchers = [];
    private long _rv = 1000;
    private long _compactedRv;

    public string ResourceVersion { get { lock (_gate) return Rv(_rv); } }

    private static string Rv(long rv) => rv.ToString(CultureInfo.InvariantCulture);
    private static string Key(string? ns, string name) => $"{ns}/{name}";
    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    private SortedDictionary<string, JsonObject> Table(FakeResourceType t) =>
        _objects.TryGetValue(t, out var table) ? table : _objects[t] = new(StringComparer.Ordinal);

    public JsonObject? Get(FakeResourceType t, string? ns, string name)
    {
        lock (_gate) return Table(t).GetValueOrDefault(Key(ns, name))?.DeepClone().AsObject();
    }

    public JsonObject GetOrThrow(FakeResourceType t, string? ns, string name) =>
        Get(t, ns, name) ?? throw FakeStatusException.NotFound(t.QualifiedName, name);

    public List<JsonObject> Snapshot(FakeResourceType t, string? ns, FakeLabelSelector? selector)
    {
        lock (_gate)
        {
            return Table(t).Values
                .Where(o => ns is null || Meta(o)["namespace"]?.GetValue<string>() == ns)
                .Where(o => selector is null || selector.Matches(o))
                .Select(o => o.DeepClone().AsObject()).ToList();
        }
    }

    /// <summary>One page of a list. The continue token carries the list's resourceVersion and the last key served.</summary>
    public JsonObject List(FakeResourceType t, string? ns, FakeLabelSelector? selector, int limit, string? continueToken)
    {
        lock (_gate)
        {
            long listRv = _rv;
            string? after = null;
            if (!string.IsNullOrEmpty(continueToken))
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(continueToken)).Split('|', 2);
                listRv = long.Parse(parts[0], CultureInfo.InvariantCulture);
                after = parts[1];
                if (listRv < _compactedRv)
                    throw new FakeStatusException(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
            // Unlike etcd the pages after the first read the current state, not a snapshot at listRv.
            var matching = Table(t)
                .Where(kv => after is null || string.CompareOrdinal(kv.Key, after) > 0)
                .Where(kv => ns is null || Meta(kv.Value)["namespace"]?.GetValue<string>() == ns)
                .Where(kv => selector is null || selector.Matches(kv.Value)).ToList();
            var page = limit > 0 ? matching.Take(limit).ToList() : matching;
            var more = page.Count < matching.Count;
            var metadata = new JsonObject { ["resourceVersion"] = Rv(listRv) };
            if (more) metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listRv}|{page[^1].Key}"));
            return new JsonObject
            {
                ["kind"] = t.Resource.Kind + "List",
                ["apiVersion"] = t.Resource.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray(page.Select(kv => (JsonNode)kv.Value.DeepClone()).ToArray()),
            };
        }
    }

    public JsonObject Create(FakeResourceType t, string? ns, JsonObject body, bool keepStatus = false)
    {
        lock (_gate)
        {
            var obj = body.DeepClone().AsObject();
            var meta = Meta(obj);
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                var prefix = meta["generateName"]?.GetValue<string>();
                if (string.IsNullOrEmpty(prefix)) throw FakeStatusException.Invalid($"{t.Resource.Kind} \"\" is invalid: metadata.name: Required value: name or generateName is required");
                do name = prefix + RandomSuffix(); while (Table(t).ContainsKey(Key(ns, name)));
                meta["name"] = name;
            }
            var bodyNs = meta["namespace"]?.GetValue<string>();
            if (t.Resource.Namespaced)
            {
                if (bodyNs is not null && ns is not null && bodyNs != ns)
                    throw FakeStatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                ns ??= bodyNs ?? throw FakeStatusException.BadRequest("a namespaced object needs a namespace");
                meta["namespace"] = ns;
            }
            else ns = null;
            if (Table(t).ContainsKey(Key(ns, name)))
                throw new FakeStatusException(409, "AlreadyExists", $"{t.QualifiedName} \"{name}\" already exists");

            obj["apiVersion"] = t.Resource.ApiVersion;
            obj["kind"] = t.Resource.Kind;
            if (t.StatusSubresource && !keepStatus) obj.Remove("status");
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Now();
            meta["generation"] = 1;
            meta.Remove("deletionTimestamp");
            meta["resourceVersion"] = Rv(++_rv);
            obj = Normalized(obj);
            Table(t)[Key(ns, name)] = obj;
            Record(t, "ADDED", obj);
            return obj.DeepClone().AsObject();
        }
    }

    /// <summary>
    /// An update of an existing object with the registry's rules: only .status through the subresource, .status
    /// ignored otherwise, immutable metadata kept, generation bumped only when something outside metadata and
    /// status changed, no new finalizers once deleting, and the object removed when its last finalizer goes.
    /// </summary>
    public JsonObject Update(FakeResourceType t, string? ns, string name, Func<JsonObject, JsonObject> change,
        bool statusOnly, bool requireResourceVersion)
    {
        lock (_gate)
        {
            var key = Key(ns, name);
            var old = Table(t).GetValueOrDefault(key) ?? throw FakeStatusException.NotFound(t.QualifiedName, name);
            var candidate = change(old.DeepClone().AsObject());
            var candidateMeta = Meta(candidate);
            if (candidateMeta["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
                throw FakeStatusException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            var oldMeta = Meta(old);
            var sentRv = candidateMeta["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(sentRv) && requireResourceVersion)
                throw FakeStatusException.Invalid($"{t.Resource.Kind} \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
            if (!string.IsNullOrEmpty(sentRv) && sentRv != oldMeta["resourceVersion"]?.GetValue<string>())
                throw new FakeStatusException(409, "Conflict",
                    $"Operation cannot be fulfilled on {t.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

            JsonObject next;
            if (statusOnly)
            {
                next = old.DeepClone().AsObject();
                if (candidate["status"] is { } status) next["status"] = status.DeepClone();
                else next.Remove("status");
                // An apply to /status records its ownership in metadata.managedFields.
                if (Meta(candidate)["managedFields"] is { } managed) Meta(next)["managedFields"] = managed.DeepClone();
            }
            else
            {
                next = candidate.DeepClone().AsObject();
                if (t.StatusSubresource)
                {
                    if (old["status"] is { } kept) next["status"] = kept.DeepClone();
                    else next.Remove("status");
                }
                var nextMeta = Meta(next);
                foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace", "name", "generation", "generateName" })
                {
                    if (oldMeta[field] is { } v) nextMeta[field] = v.DeepClone();
                    else nextMeta.Remove(field);
                }
                next["apiVersion"] = t.Resource.ApiVersion;
                next["kind"] = t.Resource.Kind;
                if (oldMeta["deletionTimestamp"] is not null)
                {
                    var had = Finalizers(old).ToHashSet();
                    var added = Finalizers(next).Where(f => !had.Contains(f)).ToList();
                    if (added.Count > 0)
                        throw FakeStatusException.Invalid($"{t.Resource.Kind} \"{name}\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers [{string.Join(' ', added)}]");
                }
                if (!JsonNode.DeepEquals(WithoutMetaAndStatus(old), WithoutMetaAndStatus(next)))
                    nextMeta["generation"] = Long(oldMeta["generation"]) + 1;
            }
            Meta(next)["resourceVersion"] = oldMeta["resourceVersion"]?.DeepClone();
            next = Normalized(next);

            // A write that changes nothing is not a write: no new resourceVersion, no event (as on the real server).
            if (JsonNode.DeepEquals(old, next)) return old.DeepClone().AsObject();

            Meta(next)["resourceVersion"] = Rv(++_rv);
            if (Meta(next)["deletionTimestamp"] is not null && !Finalizers(next).Any())
            {
                Remove(t, key, next);
                return next.DeepClone().AsObject();
            }
            Table(t)[key] = next;
            Record(t, "MODIFIED", next);
            return next.DeepClone().AsObject();
        }
    }

    /// <summary>Replace whatever is stored (or create), status included: a test hook, not an API call.</summary>
    public JsonObject Upsert(FakeResourceType t, JsonObject body)
    {
        lock (_gate)
        {
            var meta = Meta(body);
            var ns = t.Resource.Namespaced ? meta["namespace"]?.GetValue<string>() ?? "default" : null;
            var name = meta["name"]?.GetValue<string>() ?? throw new ArgumentException("Upsert needs metadata.name");
            if (!Table(t).TryGetValue(Key(ns, name), out var old)) return Create(t, ns, body, keepStatus: true);
            var next = body.DeepClone().AsObject();
            var nextMeta = Meta(next);
            foreach (var field in new[] { "uid", "creationTimestamp", "generation" })
                if (nextMeta[field] is null && Meta(old)[field] is { } v) nextMeta[field] = v.DeepClone();
            nextMeta["namespace"] = ns;
            next["apiVersion"] = t.Resource.ApiVersion;
            next["kind"] = t.Resource.Kind;
            nextMeta["resourceVersion"] = Rv(++_rv);
            next = Normalized(next);
            Table(t)[Key(ns, name)] = next;
            Record(t, "MODIFIED", next);
            return next.DeepClone().AsObject();
        }
    }

    /// <summary>DELETE: with finalizers, mark deletionTimestamp and keep; otherwise remove (and collect dependents).</summary>
    public JsonObject Delete(FakeResourceType t, string? ns, string name)
    {
        lock (_gate)
        {
            var key = Key(ns, name);
            var obj = Table(t).GetValueOrDefault(key) ?? throw FakeStatusException.NotFound(t.QualifiedName, name);
            if (!Finalizers(obj).Any())
            {
                var gone = obj.DeepClone().AsObject();
                Meta(gone)["resourceVersion"] = Rv(++_rv);
                Remove(t, key, gone);
                return gone;
            }
            if (Meta(obj)["deletionTimestamp"] is not null) return obj.DeepClone().AsObject();
            var next = obj.DeepClone().AsObject();
            Meta(next)["deletionTimestamp"] = Now();
            Meta(next)["deletionGracePeriodSeconds"] = 0;
            Meta(next)["resourceVersion"] = Rv(++_rv);
            next = Normalized(next);
            Table(t)[key] = next;
            Record(t, "MODIFIED", next);
            return next.DeepClone().AsObject();
        }
    }

    /// <summary>Register a watch and queue what it must see first: history after rv, or every object as ADDED.</summary>
    public FakeWatcher Watch(FakeResourceType t, string? ns, FakeLabelSelector? selector, string? resourceVersion)
    {
        lock (_gate)
        {
            var watcher = new FakeWatcher(t, ns, selector);
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in Table(t).Values.Where(o => watcher.Matches(t, o)))
                    watcher.Events.Writer.TryWrite(FakeWatcher.Event("ADDED", obj));
            }
            else
            {
                if (!long.TryParse(resourceVersion, CultureInfo.InvariantCulture, out var from))
                    throw FakeStatusException.BadRequest($"invalid resource version \"{resourceVersion}\"");
                if (from < _compactedRv)
                {
                    // The real server answers 200 and sends the failure as the stream's only event.
                    watcher.Events.Writer.TryWrite(new JsonObject
                    {
                        ["type"] = "ERROR",
                        ["object"] = FakeStatus.Failure(410, "Expired", $"too old resource version: {from} ({_compactedRv})"),
                    });
                    watcher.Events.Writer.TryComplete();
                    return watcher;
                }
                foreach (var (rv, type, evt) in _history.Where(h => h.Rv > from))
                    if (watcher.Matches(type, (JsonObject)evt["object"]!)) watcher.Events.Writer.TryWrite(evt.DeepClone().AsObject());
            }
            _watchers.Add(watcher);
            return watcher;
        }
    }

    public void Unwatch(FakeWatcher watcher)
    {
        lock (_gate) _watchers.Remove(watcher);
    }

    public void Bookmark(FakeWatcher watcher)
    {
        lock (_gate)
        {
            var t = watcher.Type.Resource;
            watcher.Events.Writer.TryWrite(new JsonObject
            {
                ["type"] = "BOOKMARK",
                ["object"] = new JsonObject
                {
                    ["kind"] = t.Kind, ["apiVersion"] = t.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = Rv(_rv) },
                },
            });
        }
    }

    public void EndWatches()
    {
        lock (_gate)
        {
            foreach (var w in _watchers) w.Events.Writer.TryComplete();
            _watchers.Clear();
        }
    }

    public void Compact()
    {
        lock (_gate)
        {
            _compactedRv = _rv;
            _history.Clear();
        }
    }

    private void Remove(FakeResourceType t, string key, JsonObject last)
    {
        Table(t).Remove(key);
        Record(t, "DELETED", last);
        // Background garbage collection: a dependent whose owners are all gone is deleted in turn; one that still has
        // a living owner stays, and loses only the dangling reference (as the garbage collector patches it).
        var uid = Meta(last)["uid"]?.GetValue<string>();
        if (uid is null) return;
        foreach (var (type, table) in _objects.ToList())
        {
            foreach (var dependent in table.Values.ToList())
            {
                var dm = Meta(dependent);
                var refs = (dm["ownerReferences"] as JsonArray)?.Select(r => r?["uid"]?.GetValue<string>()).ToList() ?? [];
                var dns = dm["namespace"]?.GetValue<string>();
                var dname = dm["name"]!.GetValue<string>();
                if (!refs.Contains(uid) || !table.ContainsKey(Key(dns, dname))) continue;
                if (!refs.Any(r => r != uid && r is not null && Exists(r)))
                {
                    Delete(type, dns, dname);
                    continue;
                }
                var next = dependent.DeepClone().AsObject();
                var kept = new JsonArray(((JsonArray)Meta(next)["ownerReferences"]!)
                    .Where(r => r?["uid"]?.GetValue<string>() != uid).Select(r => r!.DeepClone()).ToArray());
                Meta(next)["ownerReferences"] = kept;
                Meta(next)["resourceVersion"] = Rv(++_rv);
                table[Key(dns, dname)] = next;
                Record(type, "MODIFIED", next);
            }
        }
    }

    private bool Exists(string uid) =>
        _objects.Values.Any(table => table.Values.Any(o => Meta(o)["uid"]?.GetValue<string>() == uid));

    private void Record(FakeResourceType t, string type, JsonObject obj)
    {
        var evt = FakeWatcher.Event(type, obj);
        _history.Add((long.Parse(Meta(obj)["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), t, evt));
        foreach (var w in _watchers)
            if (w.Matches(t, obj)) w.Events.Writer.TryWrite(evt.DeepClone().AsObject());
    }

    /// <summary>Stored objects hold parsed JSON only, so numbers compare and read the same however they were set.</summary>
    private static JsonObject Normalized(JsonObject obj) => JsonNode.Parse(obj.ToJsonString())!.AsObject();

    private static long Long(JsonNode? node) => node is null ? 0 : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonObject Meta(JsonObject obj) =>
        obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    private static IEnumerable<string> Finalizers(JsonObject obj) =>
        (Meta(obj)["finalizers"] as JsonArray)?.Select(f => f?.GetValue<string>() ?? "") ?? [];

    private static JsonObject WithoutMetaAndStatus(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) => { for (var i = 0; i < span.Length; i++) span[i] = alphabet[Random.Shared.Next(alphabet.Length)]; });
    }
}
