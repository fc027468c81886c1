using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using System.Text;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Model;

namespace CityMesh.Twin;

/// <summary>
/// The changes of one telemetry batch: one <see cref="TwinChange"/> per entity whose current values moved, with the
/// new value of each attribute and the newest reading's time. A one-reading event makes one change, so this runs once
/// per event on the firehose: it gathers values without boxing them into a dictionary and writes each change's JSON
/// directly, byte for byte what <see cref="JsonSerializer"/> writes for the record with <see cref="TwinService.EventJson"/>
/// (the contract's consumers read it as a <see cref="TwinChange"/>).
/// </summary>
internal sealed class TelemetryChanges
{
    /// <summary>One changed entity: its values are a chain through <see cref="_values"/> from <see cref="First"/>.</summary>
    private struct Pending(string id, int first)
    {
        public readonly string Id = id;
        public readonly int First = first;
        public int Last = first;
        public DateTimeOffset? ObservedAt;
    }

    private readonly record struct Value(string Attribute, TwinValue Current, int Next);

    // Flat lists, no object per entity or per value: a one-reading event makes one change, so this runs per event.
    // Kept from one batch for the next (Rent, Return): made new, a big batch's lists landed on the large object heap,
    // which only full collections reclaim.
    private readonly Dictionary<string, int> _byEntity = new(StringComparer.Ordinal);
    private readonly List<Pending> _order = [];
    private readonly List<Value> _values = [];
    private readonly List<int> _ends = [];
    private readonly List<string> _types = [];
    private readonly List<ChangeText> _changes = [];
    private readonly ArrayBufferWriter<byte> _json = new(64 * 1024);

    private static TelemetryChanges? _spare;

    /// <summary>An empty instance, the one kept from the last batch when it is free (batches mostly come one at a time).</summary>
    public static TelemetryChanges Rent() => Interlocked.Exchange(ref _spare, null) ?? new TelemetryChanges();

    /// <summary>Gives the instance back once its changes are announced; what <see cref="ToChangesAsync"/> returned is then cleared.</summary>
    public void Return()
    {
        _byEntity.Clear();
        _order.Clear();
        _values.Clear();
        _ends.Clear();
        _types.Clear();
        _changes.Clear();
        _json.ResetWrittenCount();
        _spare = this;
    }

    public int Count => _order.Count;

    /// <summary>The attribute's new value; a later value in the batch replaces an earlier one, unless <paramref name="replace"/> is false.</summary>
    public void Set(string entityId, string attribute, TwinValue value, bool replace = true)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_byEntity, entityId, out var known);
        if (!known)
        {
            index = _order.Count;
            _order.Add(new Pending(entityId, _values.Count));
            _values.Add(new Value(attribute, value, -1));
            return;
        }
        var values = CollectionsMarshal.AsSpan(_values);
        ref var pending = ref CollectionsMarshal.AsSpan(_order)[index];
        for (var i = pending.First; i >= 0; i = values[i].Next)
        {
            if (!string.Equals(values[i].Attribute, attribute, StringComparison.Ordinal)) continue;
            if (replace) values[i] = values[i] with { Current = value };
            return;
        }
        values[pending.Last] = values[pending.Last] with { Next = _values.Count };
        pending.Last = _values.Count;
        _values.Add(new Value(attribute, value, -1));
    }

    /// <summary>Keeps the newest reading time seen for an entity that changed.</summary>
    public void Observed(string entityId, DateTimeOffset observedAt)
    {
        if (!_byEntity.TryGetValue(entityId, out var index)) return;
        ref var pending = ref CollectionsMarshal.AsSpan(_order)[index];
        if (pending.ObservedAt is not { } at || observedAt > at) pending.ObservedAt = observedAt;
    }

    /// <summary>
    /// The changes, in the order the entities first changed; <paramref name="typeOf"/> gives an entity's type. The list
    /// is this instance's, valid until <see cref="Return"/>; the changes' JSON is a new array the log may keep.
    /// </summary>
    public async Task<IReadOnlyList<ChangeText>> ToChangesAsync(Func<string, CancellationToken, ValueTask<string>> typeOf, CancellationToken ct)
    {
        // The changes are written into one buffer and cut into arrays of about ChunkBytes, each change a slice of one:
        // no string per change, and no array big enough for the large object heap (the log keeps them a while).
        var buffer = _json;
        buffer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(buffer);
        var chunkFirst = 0;
        for (var p = 0; p < _order.Count; p++)
        {
            var pending = _order[p];
            var type = await typeOf(pending.Id, ct);
            _types.Add(type);
            json.Reset(buffer);
            Write(json, pending, type, _values);
            json.Flush();
            _ends.Add(buffer.WrittenCount);
            if (buffer.WrittenCount >= ChunkBytes || p == _order.Count - 1)
            {
                var chunk = buffer.WrittenMemory.ToArray();
                for (int c = chunkFirst, start = 0; c <= p; start = _ends[c++])
                    _changes.Add(new ChangeText(_order[c].Id, _types[c], chunk.AsMemory(start, _ends[c] - start)));
                buffer.ResetWrittenCount();
                chunkFirst = p + 1;
            }
        }
        return _changes;
    }

    /// <summary>Under .NET's large-object threshold (85,000 bytes), with room for the change that passes it.</summary>
    private const int ChunkBytes = 48 * 1024;

    // The property names and order of TwinChange as the serializer writes it with EventJson (camelCase names,
    // enums as camelCase strings, a null ObservedAt written as null).
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ChangeName = JsonEncodedText.Encode("change");
    private static readonly JsonEncodedText Updated = JsonEncodedText.Encode("updated");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ObservedAtName = JsonEncodedText.Encode("observedAt");

    private static void Write(Utf8JsonWriter json, Pending pending, string type, List<Value> values)
    {
        json.WriteStartObject();
        json.WriteString(IdName, pending.Id);
        json.WriteString(TypeName, type);
        json.WriteString(ChangeName, Updated);
        json.WriteStartObject(AttributesName);
        for (var i = pending.First; i >= 0; i = values[i].Next)
        {
            var (attribute, value, _) = values[i];
            json.WritePropertyName(attribute);
            // As TwinValue.ToClrValue boxes it: structured JSON travels as its text.
            switch (value.Kind)
            {
                case TwinValueKind.Number: json.WriteNumberValue(value.Number); break;
                case TwinValueKind.Boolean: json.WriteBooleanValue(value.Number != 0); break;
                default: json.WriteStringValue(value.Text); break;
            }
        }
        json.WriteEndObject();
        if (pending.ObservedAt is { } at) json.WriteString(ObservedAtName, at);
        else json.WriteNull(ObservedAtName);
        json.WriteEndObject();
    }
}
