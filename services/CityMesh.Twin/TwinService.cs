using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

using CityMesh.Twin.Instrumentation;

namespace CityMesh.Twin;

/// <summary>
/// Writes to the twin and tells the city about them: every successful write is followed by a <c>twin.changed</c>
/// event. Reads go to <see cref="ITwinStore"/> directly.
/// </summary>
public sealed partial class TwinService
{
    private readonly ITwinStore store;

    /// <summary>Null for a tenant's twin (<see cref="Unannounced"/>).</summary>
    private readonly IEventBus? bus;

    /// <param name="changes">Where changes are logged for the read API's watchers; a memory log of its own when null.</param>
    public TwinService(ITwinStore store, IEventBus bus, ITwinChangeLog? changes = null)
    {
        this.store = store;
        this.bus = bus;
        Changes = changes ?? new MemoryTwinChangeLog();
    }

    private TwinService(ITwinStore store, ITwinChangeLog? changes)
    {
        this.store = store;
        Changes = changes;
    }

    /// <summary>
    /// A twin whose writes are not announced: an NGSI-LD tenant's (<c>Tenancy.TwinTenants</c>). The city's bus and its
    /// subscribers (transport, governance, the dashboard) serve the city's own entities; a tenant's sensors or assets
    /// announced there would be taken for the city's. Its changes still go to <paramref name="changes"/>, the tenant's
    /// own log, which its NGSI-LD subscriptions follow.
    /// </summary>
    public static TwinService Unannounced(ITwinStore store, ITwinChangeLog? changes = null) => new(store, changes);

    internal static JsonSerializerOptions EventJson => TwinChange.Json;

    public ITwinStore Store => store;

    /// <summary>Every change, in order, for the twin read API's resumable watch and NGSI-LD subscriptions; null for a twin that keeps none.</summary>
    public ITwinChangeLog? Changes { get; }

    public async Task<WriteOutcome> CreateAsync(Entity entity, CancellationToken ct = default)
    {
        var outcome = await store.CreateAsync(entity, ct);
        if (outcome == WriteOutcome.Created) await PublishAsync(entity.Id, entity.Type, TwinChangeKind.Created, ValuesOf(entity), ct);
        return outcome;
    }

    /// <summary>
    /// Creates each entity that does not exist yet (one create each, so a concurrent writer of the same id is never
    /// overwritten) and announces those created together; outcomes in input order (Created or AlreadyExists).
    /// </summary>
    public async Task<IReadOnlyList<WriteOutcome>> CreateEachAsync(IReadOnlyList<Entity> entities, CancellationToken ct = default)
    {
        var outcomes = new WriteOutcome[entities.Count];
        var changes = new List<TwinChange>(entities.Count);
        for (var i = 0; i < entities.Count; i++)
        {
            outcomes[i] = await store.CreateAsync(entities[i], ct);
            if (outcomes[i] == WriteOutcome.Created) changes.Add(new TwinChange(entities[i].Id, entities[i].Type, TwinChangeKind.Created, ValuesOf(entities[i])));
        }
        await AnnounceChangesAsync(changes, ct);
        return outcomes;
    }

    /// <summary>Deletes each entity that exists and announces those deleted together; true where one was.</summary>
    /// <param name="types">Each entity's type, as the caller looked it up, for the announcement.</param>
    public async Task<IReadOnlyList<bool>> DeleteEachAsync(IReadOnlyList<string> ids, IReadOnlyList<string> types, CancellationToken ct = default)
    {
        var deleted = new bool[ids.Count];
        var changes = new List<TwinChange>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            deleted[i] = await store.DeleteAsync(ids[i], ct);
            if (deleted[i]) changes.Add(new TwinChange(ids[i], types[i], TwinChangeKind.Deleted, new Dictionary<string, object?>()));
        }
        await AnnounceChangesAsync(changes, ct);
        return deleted;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        var existing = await store.GetAsync(id, ct);
        if (existing is null || !await store.DeleteAsync(id, ct)) return false;
        await PublishAsync(id, existing.Type, TwinChangeKind.Deleted, new Dictionary<string, object?>(), ct);
        return true;
    }

    public async Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<Entity> entities, UpsertMode mode, CancellationToken ct = default)
    {
        var outcomes = await store.UpsertAsync(entities, mode, ct);
        var changes = new TwinChange[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            var kind = outcomes[i] == WriteOutcome.Created ? TwinChangeKind.Created : TwinChangeKind.Updated;
            changes[i] = new TwinChange(entities[i].Id, entities[i].Type, kind, ValuesOf(entities[i]));
        }
        await AnnounceChangesAsync(changes, ct);
        return outcomes;
    }

    public async Task<AttributeUpdateResult> UpdateAttributesAsync(string id, AttributePatch patch, CancellationToken ct = default)
    {
        var result = await store.UpdateAttributesAsync(id, patch, ct);
        if (result.EntityFound && result.Updated.Count > 0)
        {
            var values = new Dictionary<string, object?>();
            foreach (var name in result.Updated)
            {
                if (patch.Properties.TryGetValue(name, out var p)) values[name] = p.Value.ToClrValue();
                else if (patch.Relationships.TryGetValue(name, out var r)) values[name] = r.Object;
                // As GeoJSON text, as structured values are: a map moves the entity without reading it again.
                else if (name == "location" && patch.Location is { } location) values[name] = Contracts.Geo.GeoJson.Write(location);
            }
            var type = EntityIds.TypeOf(id) ?? (await store.GetAsync(id, ct))?.Type ?? "";
            await PublishAsync(id, type, TwinChangeKind.Updated, values, ct);
        }
        return result;
    }

    public async Task<AttributeUpdateResult> AppendAttributesAsync(string id, AttributePatch patch, bool overwrite, CancellationToken ct = default)
    {
        var result = await store.AppendAttributesAsync(id, patch, overwrite, ct);
        if (result.EntityFound && result.Updated.Count > 0)
        {
            var values = new Dictionary<string, object?>();
            foreach (var name in result.Updated)
            {
                if (patch.Properties.TryGetValue(name, out var p)) values[name] = p.Value.ToClrValue();
                else if (patch.Relationships.TryGetValue(name, out var r)) values[name] = r.Object;
            }
            var type = EntityIds.TypeOf(id) ?? (await store.GetAsync(id, ct))?.Type ?? "";
            await PublishAsync(id, type, TwinChangeKind.Updated, values, ct);
        }
        return result;
    }

    /// <summary>Deletes an attribute instance (or all); the change names the attribute with no value.</summary>
    public async Task<AttributeDeletion> DeleteAttributeAsync(string id, string name, string? datasetId, bool allInstances, CancellationToken ct = default)
    {
        var outcome = await store.DeleteAttributeAsync(id, name, datasetId, allInstances, ct);
        if (outcome == AttributeDeletion.Deleted)
        {
            var type = EntityIds.TypeOf(id) ?? (await store.GetAsync(id, ct))?.Type ?? "";
            await PublishAsync(id, type, TwinChangeKind.Updated, new Dictionary<string, object?> { [name] = null }, ct);
        }
        return outcome;
    }

    /// <summary>
    /// Applies telemetry; one <c>twin.changed</c> per entity whose current values moved. Announcements are at least
    /// once: a redelivered reading (a <see cref="ObservationOutcome.Duplicate"/>) that is still its attribute's current
    /// value is announced again, so a crash after the twin write but before the announcement loses nothing when the
    /// bus redelivers the readings. Subscribers treat <c>twin.changed</c> as state, so a repeat is harmless.
    /// </summary>
    public async Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
    {
        using var span = TwinTelemetry.Source.StartActivity("twin apply")?.SetTag("citymesh.observations", observations.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await store.ApplyAsync(observations, ct);
        TwinTelemetry.StoreDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, TwinTelemetry.Operation("apply"));
        if (bus is null) return result;
        var changes = TelemetryChanges.Rent();
        try
        {
            List<int>? duplicates = null;
            for (var i = 0; i < observations.Count; i++)
            {
                if (result.Outcomes[i] == ObservationOutcome.Duplicate) (duplicates ??= []).Add(i);
                if (result.Outcomes[i] != ObservationOutcome.Applied) continue;
                var o = observations[i];
                changes.Set(o.EntityId, o.Attribute, o.Value);
            }
            if (duplicates is not null) await AddStillCurrentAsync(observations, duplicates, changes, ct);
            if (changes.Count == 0) return result;
            foreach (var o in observations) changes.Observed(o.EntityId, o.ObservedAt);
            await AnnounceAsync(await changes.ToChangesAsync(TypeOfAsync, ct), ct);
            return result;
        }
        finally
        {
            changes.Return();
        }
    }

    /// <summary>An entity's type from its urn, or from the store for ids that do not follow the pattern.</summary>
    private async ValueTask<string> TypeOfAsync(string id, CancellationToken ct) =>
        EntityIds.TypeOf(id) ?? (await store.GetAsync(id, ct))?.Type ?? "";

    /// <summary>Adds the duplicate readings that are still current (same instant and value as the twin holds now).</summary>
    private async Task AddStillCurrentAsync(IReadOnlyList<Observation> observations, List<int> duplicates, TelemetryChanges changes,
        CancellationToken ct)
    {
        var current = new Dictionary<string, Entity>(StringComparer.Ordinal);
        foreach (var page in duplicates.Select(i => observations[i].EntityId).Distinct(StringComparer.Ordinal).Chunk(EntityQuery.MaxLimit))
        {
            var found = await store.QueryAsync(new EntityQuery { Ids = page, Limit = EntityQuery.MaxLimit }, ct);
            foreach (var entity in found.Items) current[entity.Id] = entity;
        }
        foreach (var i in duplicates)
        {
            var o = observations[i];
            if (!current.TryGetValue(o.EntityId, out var entity) || !entity.Properties.TryGetValue(o.Attribute, out var held)) continue;
            if (held.ObservedAt != o.ObservedAt || held.Value != o.Value) continue; // an old reading, held in history only
            changes.Set(o.EntityId, o.Attribute, o.Value, replace: false);
        }
    }

    private static Dictionary<string, object?> ValuesOf(Entity entity)
    {
        var values = new Dictionary<string, object?>(entity.Properties.Count + entity.Relationships.Count);
        foreach (var (name, p) in entity.Properties) values[name] = p.Value.ToClrValue();
        foreach (var (name, r) in entity.Relationships) values[name] = r.Object;
        return values;
    }

    private Task PublishAsync(string id, string type, TwinChangeKind kind, IReadOnlyDictionary<string, object?> values, CancellationToken ct) =>
        AnnounceAsync([Text(new TwinChange(id, type, kind, values))], ct);

    private Task AnnounceChangesAsync(IReadOnlyList<TwinChange> changes, CancellationToken ct) =>
        AnnounceAsync([.. changes.Select(Text)], ct);

    /// <summary>
    /// Logs the changes for watchers, then publishes them as <c>twin.changed</c> events of many changes each
    /// (<see cref="TwinChangeEvents"/>): on Kafka or Dapr an event per entity would cost as much as the write. A
    /// tenant's twin only logs them, in its own log.
    /// </summary>
    private async Task AnnounceAsync(IReadOnlyList<ChangeText> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        if (Changes is not null) await Changes.AppendAsync(changes, ct);
        if (bus is null) return;
        var events = TwinChangeEvents.Of(changes);
        if (events.Count == 1) await bus.PublishAsync(Topics.TwinChanged, events[0], ct);
        else await bus.PublishBatchAsync(Topics.TwinChanged, events, ct);
    }

    private static ChangeText Text(TwinChange change) => new(change.Id, change.Type, JsonSerializer.SerializeToUtf8Bytes(change, EventJson));
}
