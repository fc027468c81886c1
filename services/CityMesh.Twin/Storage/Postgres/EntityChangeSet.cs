using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// The entity-shaped writes (create, upsert, PATCH): the touched entities are locked and loaded, the write rules run
/// in memory against that state, one entity after another in input order, and the difference is stored in one
/// batch of set-based statements. The caller owns the transaction.
/// </summary>
internal sealed class EntityChangeSet
{
    private readonly int _historyDepth;
    private readonly Dictionary<string, EntityState> _entities = new(StringComparer.Ordinal);
    /// <summary>History values held in the database at the instants the writes name (for the duplicate rule).</summary>
    private readonly Dictionary<Instant, TwinValue> _storedHistory = [];
    private readonly Dictionary<Instant, (TwinValue Value, string? UnitCode)> _historyWrites = [];
    /// <summary>Attributes removed (or turned from property to relationship): their rows and history go.</summary>
    private readonly HashSet<AttributeKey> _cleared = [];

    private EntityChangeSet(int historyDepth) => _historyDepth = historyDepth;

    public readonly record struct AttributeKey(string EntityId, string Name);

    public readonly record struct Instant(string EntityId, string Name, DateTime At);

    private sealed class EntityState(string id)
    {
        public string Id { get; } = id;
        public bool IsNew;
        public bool Changed;
        public string Type = "";
        public string[]? OtherTypes;
        public string[]? Scope;
        public string? Appearance;
        public string? LocationGeoJson;
        public readonly Dictionary<string, AttributeState> Attributes = new(StringComparer.Ordinal);
    }

    private sealed class AttributeState(string name, bool isRelationship)
    {
        public string Name { get; } = name;
        public bool IsRelationship { get; } = isRelationship;
        public TwinValue Value;
        public string? UnitCode;
        public DateTime? ObservedAt;
        public int HistoryRows;
        public DateTime? HistoryNewest;
        public bool Dirty;
        /// <summary>False when the attribute has only instances with a datasetId (value_kind 4).</summary>
        public bool HasDefault = true;
        /// <summary>Every instance in normalized form when there is more than a plain default one (the shape column).</summary>
        public string? Shape;
    }

    private const short NoDefault = EntityRows.NoDefault;

    public bool Contains(string id) => _entities.ContainsKey(id);

    /// <summary>The dynamic properties' instants the given writes name: the only history the rules need to see.</summary>
    public static IEnumerable<Instant> InstantsOf(string id, IReadOnlyDictionary<string, Property> properties) =>
        properties.Where(p => p.Value.ObservedAt is not null)
            .Select(p => new Instant(id, p.Key, ValueColumns.ToMicroseconds(p.Value.ObservedAt!.Value)));

    // ---- loading ----------------------------------------------------------------------------------------------

    /// <summary>The indexed geometry of a location: 2D, and made valid, so a self-crossing ring cannot break queries.</summary>
    private static string GeometryOf(string geoJson) =>
        $"CASE WHEN {geoJson} IS NULL THEN NULL ELSE ST_MakeValid(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON({geoJson})), 4326)) END";

    /// <summary>
    /// Inserts the entities whose ids are free, in id order, and returns those ids. A concurrent creator of the same
    /// id makes this wait for its commit, after which the id counts as taken.
    /// </summary>
    public static async Task<HashSet<string>> InsertMissingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<Entity> entities, CancellationToken ct)
    {
        var sorted = entities.OrderBy(e => e.Id, StringComparer.Ordinal).ToArray();
        await using var command = new NpgsqlCommand($"""
            INSERT INTO entity (id, type, category, appearance, location, location_geojson, created_at, modified_at, other_types, scope)
            SELECT u.id, u.type, u.category, u.appearance, {GeometryOf("u.geo")}, u.geo, now(), now(),
                   CASE WHEN u.other_types = '' THEN NULL ELSE string_to_array(u.other_types, ' ') END,
                   CASE WHEN u.scope = '' THEN NULL ELSE string_to_array(u.scope, ' ') END
            FROM unnest($1, $2, $3, $4, $5, $6, $7) WITH ORDINALITY AS u(id, type, category, appearance, geo, other_types, scope, n)
            ORDER BY u.n
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """, connection, transaction)
        {
            Parameters =
            {
                TextArray(sorted.Select(e => e.Id)),
                TextArray(sorted.Select(e => e.Type)),
                TextArray(sorted.Select(e => e.Category.ToString())),
                TextArray(sorted.Select(e => e.AppearanceRef)),
                TextArray(sorted.Select(e => e.Location is null ? null : GeoJson.Write(e.Location))),
                TextArray(sorted.Select(e => Joined(e.OtherTypes))),
                TextArray(sorted.Select(e => Joined(e.Scope))),
            },
        };
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) inserted.Add(reader.GetString(0));
        return inserted;
    }

    /// <summary>
    /// Locks the entities (id order, like every writer) and loads them with their attributes and the history held at
    /// <paramref name="instants"/>. Ids in <paramref name="created"/> were inserted by this transaction: they count as new.
    /// </summary>
    public static async Task<EntityChangeSet> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int historyDepth,
        IReadOnlyCollection<string> ids, IReadOnlyCollection<Instant> instants, IReadOnlySet<string> created, CancellationToken ct)
    {
        var set = new EntityChangeSet(historyDepth);
        var idArray = ids.Distinct(StringComparer.Ordinal).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT id, type, other_types, scope, appearance, location_geojson FROM entity
                    WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE
                    """) { Parameters = { TextArray(idArray) } },
                new NpgsqlBatchCommand("""
                    SELECT entity_id, name, is_relationship, value_kind, num, txt, unit_code, observed_at, history_rows, history_newest, shape
                    FROM entity_attribute WHERE entity_id = ANY($1)
                    """) { Parameters = { TextArray(idArray) } },
                new NpgsqlBatchCommand("""
                    SELECT h.entity_id, h.name, h.observed_at, h.value_kind, h.num, h.txt
                    FROM unnest($1, $2, $3) AS k(entity_id, name, observed_at)
                    JOIN attribute_history h ON h.entity_id = k.entity_id AND h.name = k.name AND h.observed_at = k.observed_at
                    WHERE (SELECT count(*) FROM (
                              SELECT 1 FROM attribute_history n
                              WHERE n.entity_id = h.entity_id AND n.name = h.name AND n.observed_at > h.observed_at
                              LIMIT $4) newer) < $4
                    """)
                {
                    Parameters =
                    {
                        TextArray(instants.Select(i => i.EntityId)),
                        TextArray(instants.Select(i => i.Name)),
                        new() { Value = instants.Select(i => i.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                        new() { Value = historyDepth },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            set._entities[id] = new EntityState(id)
            {
                IsNew = created.Contains(id),
                Type = reader.GetString(1),
                OtherTypes = reader.IsDBNull(2) ? null : reader.GetFieldValue<string[]>(2),
                Scope = reader.IsDBNull(3) ? null : reader.GetFieldValue<string[]>(3),
                Appearance = EntityRows.NullableString(reader, 4),
                LocationGeoJson = EntityRows.NullableString(reader, 5),
            };
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var kind = reader.GetInt16(3);
            var attribute = new AttributeState(reader.GetString(1), reader.GetBoolean(2))
            {
                HasDefault = kind != NoDefault,
                Shape = EntityRows.NullableString(reader, 10),
                Value = kind == NoDefault ? default : ValueColumns.Read(kind, EntityRows.NullableDouble(reader, 4), EntityRows.NullableString(reader, 5)),
                UnitCode = EntityRows.NullableString(reader, 6),
                ObservedAt = reader.IsDBNull(7) ? null : reader.GetDateTime(7),
                HistoryRows = reader.GetInt32(8),
                HistoryNewest = reader.IsDBNull(9) ? null : reader.GetDateTime(9),
            };
            set._entities[reader.GetString(0)].Attributes[attribute.Name] = attribute;
        }
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = new Instant(reader.GetString(0), reader.GetString(1), reader.GetDateTime(2));
            set._storedHistory[key] = ValueColumns.Read(reader.GetInt16(3), EntityRows.NullableDouble(reader, 4), EntityRows.NullableString(reader, 5));
        }
        return set;
    }

    // ---- the write rules ------------------------------------------------------------------------------------

    /// <summary>Writes one entity of an upsert (or a create, as a replace of a new entity).</summary>
    public WriteOutcome Upsert(Entity entity, UpsertMode mode)
    {
        var state = _entities[entity.Id];
        var outcome = state.IsNew ? WriteOutcome.Created : mode == UpsertMode.Replace ? WriteOutcome.Replaced : WriteOutcome.Updated;
        var location = mode == UpsertMode.Replace || entity.Location is not null
            ? entity.Location is null ? null : GeoJson.Write(entity.Location)
            : state.LocationGeoJson;
        string[]? otherTypes = entity.OtherTypes.Count == 0 ? null : [.. entity.OtherTypes];
        string[]? scope = mode == UpsertMode.Replace || entity.Scope.Count > 0 ? entity.Scope.Count == 0 ? null : [.. entity.Scope] : state.Scope;
        // A row just inserted from this very entity needs no rewrite; an existing one is rewritten to move modifiedAt.
        state.Changed |= !state.IsNew || state.Type != entity.Type || !Same(state.OtherTypes, otherTypes) || !Same(state.Scope, scope)
            || state.Appearance != entity.AppearanceRef || state.LocationGeoJson != location;
        state.IsNew = false;
        state.Type = entity.Type;
        state.OtherTypes = otherTypes;
        state.Scope = scope;
        state.Appearance = entity.AppearanceRef;
        state.LocationGeoJson = location;
        var byName = AttributeInstance.Of(entity).GroupBy(i => i.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (mode == UpsertMode.Replace)
        {
            foreach (var name in state.Attributes.Keys.ToArray())
            {
                if (!byName.ContainsKey(name)) Remove(state, name);
            }
        }
        // Upsert (update, as replace) writes each attribute it names whole: every instance of it.
        foreach (var (name, instances) in byName) WriteAttribute(state, name, instances);
        return outcome;
    }

    public AttributeUpdateResult Patch(string id, AttributePatch patch)
    {
        var state = _entities[id];
        var updated = new List<string>();
        var notUpdated = new List<NotUpdatedAttribute>();
        foreach (var instance in AttributeInstance.Of(patch))
        {
            var name = instance.Name;
            var held = state.Attributes.GetValueOrDefault(name);
            var instances = held is null ? null : InstancesOf(state.Id, held);
            var index = instances?.FindIndex(i => i.DatasetId == instance.DatasetId) ?? -1;
            if (held is null || index < 0)
            {
                notUpdated.Add(new(name, instance.DatasetId is { } datasetId && held is not null
                    ? $"the entity has no instance of the attribute with datasetId '{datasetId}'"
                    : "the entity has no such attribute"));
            }
            else if (held.IsRelationship != instance.IsRelationship && instances!.Count > 1)
            {
                notUpdated.Add(new(name, AttributeRules.OtherKindReason(held.IsRelationship)));
            }
            else
            {
                instances![index] = instance;
                switch (WriteAttribute(state, name, instances))
                {
                    case ObservationOutcome.Applied: updated.Add(name); break;
                    case ObservationOutcome.HistoryOnly: notUpdated.Add(new(name, "older than the current value: kept in history only")); break;
                    default: notUpdated.Add(new(name, "the same value at the same observedAt is already held")); break;
                }
            }
        }
        if (patch.Location is { } location)
        {
            state.LocationGeoJson = GeoJson.Write(location);
            updated.Add("location");
        }
        state.Changed |= updated.Count > 0;
        return new AttributeUpdateResult(true, updated, notUpdated);
    }

    public AttributeUpdateResult Append(string id, AttributePatch patch, bool overwrite)
    {
        var state = _entities[id];
        var updated = new List<string>();
        var notUpdated = new List<NotUpdatedAttribute>();
        foreach (var group in AttributeInstance.Of(patch).GroupBy(i => i.Name, StringComparer.Ordinal))
        {
            var name = group.Key;
            var held = state.Attributes.GetValueOrDefault(name);
            var instances = held is null ? [] : InstancesOf(state.Id, held);
            if (held is not null && held.IsRelationship != group.First().IsRelationship)
            {
                // One kind per attribute: the other kind replaces every instance, unless nothing may be overwritten.
                if (!overwrite)
                {
                    notUpdated.Add(new(name, "exists (noOverwrite)"));
                    continue;
                }
                instances.Clear();
            }
            var appended = false;
            foreach (var instance in group)
            {
                var index = instances.FindIndex(i => i.DatasetId == instance.DatasetId);
                if (index >= 0 && !overwrite)
                {
                    notUpdated.Add(new(name, "exists (noOverwrite)"));
                    continue;
                }
                if (index >= 0) instances[index] = instance;
                else instances.Add(instance);
                appended = true;
            }
            if (!appended) continue;
            WriteAttribute(state, name, instances);
            updated.Add(name);
        }
        if (patch.Location is { } location)
        {
            if (state.LocationGeoJson is not null && !overwrite) notUpdated.Add(new("location", "exists (noOverwrite)"));
            else
            {
                state.LocationGeoJson = GeoJson.Write(location);
                updated.Add("location");
            }
        }
        state.Changed |= updated.Count > 0;
        return new AttributeUpdateResult(true, updated, notUpdated);
    }

    public AttributeDeletion DeleteAttribute(string id, string name, string? datasetId, bool allInstances)
    {
        var state = _entities[id];
        if (name == "location")
        {
            if (state.LocationGeoJson is null) return AttributeDeletion.AttributeNotFound;
            state.LocationGeoJson = null;
            state.Changed = true;
            return AttributeDeletion.Deleted;
        }
        if (!state.Attributes.TryGetValue(name, out var held)) return AttributeDeletion.AttributeNotFound;
        var instances = InstancesOf(state.Id, held);
        var kept = allInstances ? [] : instances.Where(i => i.DatasetId != datasetId).ToList();
        if (kept.Count == instances.Count) return AttributeDeletion.AttributeNotFound;
        if (kept.Count == 0) Remove(state, name);
        else
        {
            if (datasetId is null) ClearHistory(state, name);
            WriteAttribute(state, name, kept);
        }
        state.Changed = true;
        return AttributeDeletion.Deleted;
    }

    /// <summary>The default instance is gone but the attribute stays: its history goes with the instance.</summary>
    private void ClearHistory(EntityState state, string name)
    {
        var held = state.Attributes[name];
        _cleared.Add(new AttributeKey(state.Id, name));
        held.HistoryRows = 0;
        held.HistoryNewest = null;
        held.ObservedAt = null;
    }

    /// <summary>The attribute's instances as held: its default one from the row's columns, the rest from its shape.</summary>
    private static List<AttributeInstance> InstancesOf(string entityId, AttributeState held)
    {
        var instances = held.Shape is null ? [] : NgsiLdCodec.ReadInstances(held.Name, held.Shape).ToList();
        var index = instances.FindIndex(i => i.DatasetId is null);
        if (!held.HasDefault)
        {
            if (index >= 0) instances.RemoveAt(index);
            return instances;
        }
        var current = Current(held, index >= 0 ? instances[index] : null);
        if (index >= 0) instances[index] = current;
        else instances.Insert(0, current);
        return instances;
    }

    /// <summary>The default instance: its columns (kept current by telemetry) over what its shape says.</summary>
    private static AttributeInstance Current(AttributeState held, AttributeInstance? shaped)
    {
        DateTimeOffset? observedAt = held.ObservedAt is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
        if (held.IsRelationship)
        {
            var relationship = shaped?.Relationship is { } r ? r with { ObservedAt = observedAt } : new Relationship(held.Value.Text!, observedAt);
            return new(held.Name, null, relationship);
        }
        var property = shaped?.Property is { } p
            ? p with { Value = held.Value, UnitCode = held.UnitCode, ObservedAt = observedAt }
            : new Property(held.Value, held.UnitCode, observedAt);
        return new(held.Name, property, null);
    }

    /// <summary>Writes every instance of one attribute: the default one into the row's columns, all into its shape when needed.</summary>
    private ObservationOutcome WriteAttribute(EntityState state, string name, IReadOnlyList<AttributeInstance> instances)
    {
        var isRelationship = instances[0].IsRelationship;
        AttributeInstance? main = null;
        foreach (var instance in instances)
        {
            if (instance.DatasetId is null) main = instance;
        }
        var plain = instances.Count == 1 && main is { } only
            && (only.Property is { Kind: PropertyKind.Property, Sub: null } || only.Relationship is { Sub: null, Objects: null });
        var outcome = ObservationOutcome.Applied;
        if (main is { } m) outcome = m.Relationship is { } relationship ? WriteRelationship(state, name, relationship) : WriteProperty(state, name, m.Property!);
        else
        {
            var attribute = Slot(state, name, isRelationship);
            attribute.Value = default;
            attribute.UnitCode = null;
            attribute.ObservedAt = null;
        }
        var held = state.Attributes[name];
        held.HasDefault = main is not null;
        held.Shape = plain ? null : NgsiLdCodec.WriteInstances(instances);
        held.Dirty = true;
        return outcome;
    }

    private AttributeState Slot(EntityState state, string name, bool isRelationship)
    {
        if (state.Attributes.TryGetValue(name, out var attribute) && attribute.IsRelationship != isRelationship)
        {
            Remove(state, name);
            attribute = null;
        }
        if (attribute is null) state.Attributes[name] = attribute = new AttributeState(name, isRelationship);
        return attribute;
    }

    private static bool Same(string[]? a, string[]? b) => (a ?? []).SequenceEqual(b ?? []);

    private static string Joined(IReadOnlyList<string> items) => items.Count == 0 ? "" : string.Join(' ', items);

    /// <summary>One observation of a small telemetry batch, by the same rules as the set-based path.</summary>
    public ObservationOutcome Observe(in Observation observation)
    {
        if (!_entities.TryGetValue(observation.EntityId, out var state)) return ObservationOutcome.UnknownEntity;
        if (state.Attributes.TryGetValue(observation.Attribute, out var held) && held.IsRelationship) return ObservationOutcome.InvalidAttribute;
        if (held is { Shape: not null })
        {
            // Keep the attribute's other instances and its default's shape: only the value moves.
            var outcome = WriteProperty(state, observation.Attribute, new Property(observation.Value, observation.UnitCode, observation.ObservedAt));
            held.HasDefault = true;
            return outcome;
        }
        return WriteProperty(state, observation.Attribute, new Property(observation.Value, observation.UnitCode, observation.ObservedAt));
    }

    /// <summary>
    /// A static write overwrites. A dynamic one is a duplicate when the value held at its instant equals it;
    /// otherwise it joins history and becomes current unless the current value is newer.
    /// </summary>
    private ObservationOutcome WriteProperty(EntityState state, string name, Property property)
    {
        var attribute = Slot(state, name, isRelationship: false);

        DateTime? at = property.ObservedAt is { } observedAt ? ValueColumns.ToMicroseconds(observedAt) : null;
        if (at is { } instant)
        {
            var key = new Instant(state.Id, name, instant);
            if (HeldAt(key) is { } held && held == property.Value) return ObservationOutcome.Duplicate;
            _historyWrites[key] = (property.Value, property.UnitCode);
            attribute.HistoryRows++;
            if (attribute.HistoryNewest is not { } newest || instant > newest) attribute.HistoryNewest = instant;
            attribute.Dirty = true;
            if (attribute.ObservedAt is { } current && instant < current) return ObservationOutcome.HistoryOnly;
        }
        attribute.Value = property.Value;
        attribute.UnitCode = property.UnitCode;
        attribute.ObservedAt = at;
        attribute.Dirty = true;
        return ObservationOutcome.Applied;
    }

    private ObservationOutcome WriteRelationship(EntityState state, string name, Relationship relationship)
    {
        var attribute = Slot(state, name, isRelationship: true);
        attribute.Value = TwinValue.Of(relationship.Object);
        attribute.ObservedAt = relationship.ObservedAt is { } at ? ValueColumns.ToMicroseconds(at) : null;
        attribute.Dirty = true;
        return ObservationOutcome.Applied;
    }

    private TwinValue? HeldAt(Instant key)
    {
        if (_historyWrites.TryGetValue(key, out var written)) return written.Value;
        if (_cleared.Contains(new AttributeKey(key.EntityId, key.Name))) return null;
        return _storedHistory.TryGetValue(key, out var stored) ? stored : null;
    }

    private void Remove(EntityState state, string name)
    {
        state.Attributes.Remove(name);
        _cleared.Add(new AttributeKey(state.Id, name));
        foreach (var key in _historyWrites.Keys.Where(k => k.EntityId == state.Id && k.Name == name).ToArray()) _historyWrites.Remove(key);
    }

    // ---- storing ----------------------------------------------------------------------------------------------

    /// <summary>Stores what changed: a fixed number of statements, each over arrays, whatever the number of entities.</summary>
    public async Task FlushAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var changed = _entities.Values.Where(e => e.Changed).ToArray();
        if (changed.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                UPDATE entity e SET type = u.type, category = u.category, appearance = u.appearance,
                    location = {GeometryOf("u.geo")}, location_geojson = u.geo, modified_at = now(),
                    other_types = CASE WHEN u.other_types = '' THEN NULL ELSE string_to_array(u.other_types, ' ') END,
                    scope = CASE WHEN u.scope = '' THEN NULL ELSE string_to_array(u.scope, ' ') END
                FROM unnest($1, $2, $3, $4, $5, $6, $7) AS u(id, type, category, appearance, geo, other_types, scope)
                WHERE e.id = u.id
                """)
            {
                Parameters =
                {
                    TextArray(changed.Select(e => e.Id)),
                    TextArray(changed.Select(e => e.Type)),
                    TextArray(changed.Select(e => Entity.CategoryOf(e.Type, e.OtherTypes ?? []).ToString())),
                    TextArray(changed.Select(e => e.Appearance)),
                    TextArray(changed.Select(e => e.LocationGeoJson)),
                    TextArray(changed.Select(e => Joined(e.OtherTypes ?? []))),
                    TextArray(changed.Select(e => Joined(e.Scope ?? []))),
                },
            });
        }
        if (_cleared.Count > 0)
        {
            foreach (var table in (string[])["entity_attribute", "attribute_history"])
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                    DELETE FROM {table} t USING unnest($1, $2) AS k(entity_id, name)
                    WHERE t.entity_id = k.entity_id AND t.name = k.name
                    """) { Parameters = { TextArray(_cleared.Select(k => k.EntityId)), TextArray(_cleared.Select(k => k.Name)) } });
            }
        }
        var dirty = _entities.Values.SelectMany(e => e.Attributes.Values.Where(a => a.Dirty).Select(a => (e.Id, Attribute: a))).ToArray();
        if (dirty.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO entity_attribute (entity_id, name, is_relationship, value_kind, num, txt, unit_code, observed_at, target,
                                              modified_at, history_rows, history_newest, shape, targets)
                SELECT u.entity_id, u.name, u.is_relationship, u.value_kind, u.num, u.txt, u.unit_code, u.observed_at,
                       CASE WHEN u.is_relationship THEN u.txt END, now(), u.history_rows, u.history_newest, u.shape,
                       CASE WHEN u.is_relationship THEN twin_relationship_targets(u.shape) END
                FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                     AS u(entity_id, name, is_relationship, value_kind, num, txt, unit_code, observed_at, history_rows, history_newest, shape)
                ON CONFLICT (entity_id, name) DO UPDATE SET shape = EXCLUDED.shape, targets = EXCLUDED.targets,
                    is_relationship = EXCLUDED.is_relationship, value_kind = EXCLUDED.value_kind, num = EXCLUDED.num,
                    txt = EXCLUDED.txt, unit_code = EXCLUDED.unit_code, observed_at = EXCLUDED.observed_at,
                    target = EXCLUDED.target, modified_at = EXCLUDED.modified_at, history_rows = EXCLUDED.history_rows,
                    history_newest = EXCLUDED.history_newest
                """)
            {
                Parameters =
                {
                    TextArray(dirty.Select(d => d.Id)),
                    TextArray(dirty.Select(d => d.Attribute.Name)),
                    new() { Value = dirty.Select(d => d.Attribute.IsRelationship).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean },
                    new() { Value = dirty.Select(d => d.Attribute.HasDefault ? ValueColumns.KindOf(d.Attribute.Value) : NoDefault).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                    new() { Value = dirty.Select(d => d.Attribute.HasDefault ? ValueColumns.NumOf(d.Attribute.Value) : null).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                    TextArray(dirty.Select(d => d.Attribute.HasDefault ? ValueColumns.TxtOf(d.Attribute.Value) : null)),
                    TextArray(dirty.Select(d => d.Attribute.UnitCode)),
                    new() { Value = dirty.Select(d => d.Attribute.ObservedAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                    // The exact trim below leaves at most the depth.
                    new() { Value = dirty.Select(d => Math.Min(d.Attribute.HistoryRows, _historyDepth)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                    new() { Value = dirty.Select(d => d.Attribute.HistoryNewest).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                    TextArray(dirty.Select(d => d.Attribute.Shape)),
                },
            });
        }
        if (_historyWrites.Count > 0)
        {
            var rows = _historyWrites.ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO attribute_history (entity_id, name, observed_at, value_kind, num, txt, unit_code)
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (entity_id, name, observed_at) DO UPDATE
                SET value_kind = EXCLUDED.value_kind, num = EXCLUDED.num, txt = EXCLUDED.txt, unit_code = EXCLUDED.unit_code
                """)
            {
                Parameters =
                {
                    TextArray(rows.Select(r => r.Key.EntityId)),
                    TextArray(rows.Select(r => r.Key.Name)),
                    new() { Value = rows.Select(r => r.Key.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                    new() { Value = rows.Select(r => ValueColumns.KindOf(r.Value.Value)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                    new() { Value = rows.Select(r => ValueColumns.NumOf(r.Value.Value)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double },
                    TextArray(rows.Select(r => ValueColumns.TxtOf(r.Value.Value))),
                    TextArray(rows.Select(r => r.Value.UnitCode)),
                },
            });
        }
        // Only properties whose row count may pass the depth need trimming.
        var overfull = dirty.Where(d => d.Attribute.HistoryRows > _historyDepth).Select(d => new AttributeKey(d.Id, d.Attribute.Name)).ToArray();
        if (overfull.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                DELETE FROM attribute_history h
                USING unnest($1, $2) AS t(entity_id, name)
                CROSS JOIN LATERAL (
                    SELECT k.observed_at FROM attribute_history k
                    WHERE k.entity_id = t.entity_id AND k.name = t.name
                    ORDER BY k.observed_at DESC OFFSET $3 LIMIT 1) cut
                WHERE h.entity_id = t.entity_id AND h.name = t.name AND h.observed_at <= cut.observed_at
                """)
            {
                Parameters = { TextArray(overfull.Select(k => k.EntityId)), TextArray(overfull.Select(k => k.Name)), new() { Value = _historyDepth } },
            });
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter TextArray(IEnumerable<string?> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>A change set for entities this transaction has just inserted as given: nothing to load.</summary>
    public static EntityChangeSet ForInserted(int historyDepth, IEnumerable<Entity> entities)
    {
        var set = new EntityChangeSet(historyDepth);
        foreach (var e in entities)
        {
            set._entities[e.Id] = new EntityState(e.Id)
            {
                IsNew = true,
                Type = e.Type,
                OtherTypes = e.OtherTypes.Count == 0 ? null : [.. e.OtherTypes],
                Scope = e.Scope.Count == 0 ? null : [.. e.Scope],
                Appearance = e.AppearanceRef,
                LocationGeoJson = e.Location is null ? null : GeoJson.Write(e.Location),
            };
        }
        return set;
    }
}
