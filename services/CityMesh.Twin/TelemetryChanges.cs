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
    private readonly Dictionary<string, int> _byEntity;
    private readonly List<Pending> _order;
    private readonly List<Value> _values;

    /// <param name="observations">How many observations the batch holds: at most that many entities change, so the
    /// lists are sized once rather than grown by doubling (which allocated twice their size on the firehose).</param>
    public TelemetryChanges(int observations = 0)
    {
        _byEntity = new Dictionary<string, int>(observations, StringComparer.Ordinal);
        _order = new List<Pending>(observations);
        _values = new List<Value>(observations);
    }

    public int Count => _order.Count;

    /// <summary>A writing buffer kept from one batch for the next (batches mostly come one at a time).</summary>
    private static ArrayBufferWriter<byte>? _spare;

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

    /// <summary>The changes, in the order the entities first changed; <paramref name="typeOf"/> gives an entity's type.</summary>
    public async Task<List<ChangeText>> ToChangesAsync(Func<string, CancellationToken, ValueTask<string>> typeOf, CancellationToken ct)
    {
        // Every change into one buffer, then one array for the batch: each change is a slice of it.
        var ends = new int[_order.Count];
        var types = new string[_order.Count];
        var buffer = Interlocked.Exchange(ref _spare, null) ?? new ArrayBufferWriter<byte>(64 * 1024);
        buffer.ResetWrittenCount();
        using var json = new Utf8JsonWriter(buffer);
        for (var p = 0; p < _order.Count; p++)
        {
            var pending = _order[p];
            var type = types[p] = await typeOf(pending.Id, ct);
            json.Reset(buffer);
            Write(json, pending, type, _values);
            json.Flush();
            ends[p] = buffer.WrittenCount;
        }
        var all = buffer.WrittenMemory.ToArray();
        _spare = buffer;
        var changes = new List<ChangeText>(_order.Count);
        for (int p = 0, start = 0; p < _order.Count; start = ends[p++])
            changes.Add(new ChangeText(_order[p].Id, types[p], all.AsMemory(start, ends[p] - start)));
        return changes;
    }

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
