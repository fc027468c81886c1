using System.Buffers;
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
    private sealed class Pending(string id)
    {
        public string Id { get; } = id;
        public List<(string Attribute, TwinValue Value)> Values { get; } = new(4);
        public DateTimeOffset? ObservedAt { get; set; }
    }

    private readonly Dictionary<string, Pending> _byEntity = new(StringComparer.Ordinal);
    private readonly List<Pending> _order = [];

    public int Count => _order.Count;

    public bool Contains(string entityId) => _byEntity.ContainsKey(entityId);

    /// <summary>The attribute's new value; a later value in the batch replaces an earlier one, unless <paramref name="replace"/> is false.</summary>
    public void Set(string entityId, string attribute, TwinValue value, bool replace = true)
    {
        if (!_byEntity.TryGetValue(entityId, out var pending))
        {
            _byEntity[entityId] = pending = new Pending(entityId);
            _order.Add(pending);
        }
        var values = pending.Values;
        for (var i = 0; i < values.Count; i++)
        {
            if (!string.Equals(values[i].Attribute, attribute, StringComparison.Ordinal)) continue;
            if (replace) values[i] = (attribute, value);
            return;
        }
        values.Add((attribute, value));
    }

    /// <summary>Keeps the newest reading time seen for an entity that changed.</summary>
    public void Observed(string entityId, DateTimeOffset observedAt)
    {
        if (_byEntity.TryGetValue(entityId, out var pending) && (pending.ObservedAt is not { } at || observedAt > at)) pending.ObservedAt = observedAt;
    }

    /// <summary>The changes, in the order the entities first changed; <paramref name="typeOf"/> gives an entity's type.</summary>
    public async Task<List<ChangeText>> ToChangesAsync(Func<string, CancellationToken, ValueTask<string>> typeOf, CancellationToken ct)
    {
        var changes = new List<ChangeText>(_order.Count);
        var buffer = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer);
        foreach (var pending in _order)
        {
            var type = await typeOf(pending.Id, ct);
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            Write(json, pending, type);
            json.Flush();
            changes.Add(new ChangeText(pending.Id, type, Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }
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

    private static void Write(Utf8JsonWriter json, Pending pending, string type)
    {
        json.WriteStartObject();
        json.WriteString(IdName, pending.Id);
        json.WriteString(TypeName, type);
        json.WriteString(ChangeName, Updated);
        json.WriteStartObject(AttributesName);
        foreach (var (attribute, value) in pending.Values)
        {
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
