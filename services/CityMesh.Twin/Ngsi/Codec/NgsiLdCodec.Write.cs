using System.Text.Encodings.Web;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Ngsi.Codec;

public static partial class NgsiLdCodec
{
    /// <summary>
    /// Responses are JSON documents, never HTML, so the relaxed encoder keeps URIs readable (no \u0026 for &amp;).
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText ObjectName = JsonEncodedText.Encode("object");
    private static readonly JsonEncodedText UnitCodeName = JsonEncodedText.Encode("unitCode");
    private static readonly JsonEncodedText ObservedAtName = JsonEncodedText.Encode("observedAt");
    private static readonly JsonEncodedText CreatedAtName = JsonEncodedText.Encode("createdAt");
    private static readonly JsonEncodedText ModifiedAtName = JsonEncodedText.Encode("modifiedAt");
    private static readonly JsonEncodedText ContextName = JsonEncodedText.Encode("@context");
    private static readonly JsonEncodedText LocationName = JsonEncodedText.Encode("location");
    private static readonly JsonEncodedText PropertyType = JsonEncodedText.Encode("Property");
    private static readonly JsonEncodedText RelationshipType = JsonEncodedText.Encode("Relationship");
    private static readonly JsonEncodedText GeoPropertyType = JsonEncodedText.Encode("GeoProperty");

    /// <summary>Writes one entity; no reflection, names pre-encoded where fixed.</summary>
    public static void WriteEntity(Utf8JsonWriter w, Entity entity, NgsiRepresentation rep)
    {
        var context = rep.Context;
        w.WriteStartObject();
        w.WriteString(IdName, entity.Id);
        w.WriteString(TypeName, context.FromStored(entity.Type));
        if (rep.Includes("category")) WriteText(w, context.FromStored("category"), ModelTerms.Name(entity.Category), rep.KeyValues);
        if (entity.Location is { } location && rep.Includes("location"))
        {
            if (rep.KeyValues)
            {
                w.WritePropertyName(LocationName);
                GeoJson.Write(w, location);
            }
            else
            {
                w.WriteStartObject(LocationName);
                w.WriteString(TypeName, GeoPropertyType);
                w.WritePropertyName(ValueName);
                GeoJson.Write(w, location);
                w.WriteEndObject();
            }
        }
        if (rep.Includes("status")) WriteText(w, context.FromStored("status"), ModelTerms.Name(entity.Status), rep.KeyValues);
        if (entity.AppearanceRef is { } appearance && rep.Includes("appearance"))
            WriteText(w, context.FromStored("appearance"), appearance, rep.KeyValues);

        foreach (var (name, property) in Items(entity.Properties))
        {
            if (!rep.Includes(name)) continue;
            var clientName = context.FromStored(name);
            if (rep.KeyValues)
            {
                w.WritePropertyName(clientName);
                WriteValue(w, property.Value);
                continue;
            }
            w.WriteStartObject(clientName);
            w.WriteString(TypeName, PropertyType);
            w.WritePropertyName(ValueName);
            WriteValue(w, property.Value);
            if (property.UnitCode is { } unit) w.WriteString(UnitCodeName, unit);
            if (property.ObservedAt is { } at) w.WriteString(ObservedAtName, at.UtcDateTime);
            w.WriteEndObject();
        }
        foreach (var (name, relationship) in Items(entity.Relationships))
        {
            if (!rep.Includes(name)) continue;
            var clientName = context.FromStored(name);
            if (rep.KeyValues)
            {
                w.WriteString(clientName, relationship.Object);
                continue;
            }
            w.WriteStartObject(clientName);
            w.WriteString(TypeName, RelationshipType);
            w.WriteString(ObjectName, relationship.Object);
            if (relationship.ObservedAt is { } at) w.WriteString(ObservedAtName, at.UtcDateTime);
            w.WriteEndObject();
        }
        if (rep.SysAttrs)
        {
            if (entity.CreatedAt is { } created) w.WriteString(CreatedAtName, created.UtcDateTime);
            if (entity.ModifiedAt is { } modified) w.WriteString(ModifiedAtName, modified.UtcDateTime);
        }
        if (rep.EmbeddedContext is { } embedded) w.WriteString(ContextName, embedded);
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes an entity's history in NGSI-LD's temporal representation: each attribute an array of instances,
    /// oldest first, or with <paramref name="temporalValues"/> the simplified <c>values: [[value, observedAt], ...]</c>.
    /// </summary>
    public static void WriteTemporal(Utf8JsonWriter w, TemporalEntity entity, NgsiRepresentation rep, bool temporalValues)
    {
        var context = rep.Context;
        w.WriteStartObject();
        w.WriteString(IdName, entity.Id);
        w.WriteString(TypeName, context.FromStored(entity.Type));
        foreach (var (name, series) in entity.Attributes)
        {
            var clientName = context.FromStored(name);
            if (temporalValues)
            {
                w.WriteStartObject(clientName);
                w.WriteString(TypeName, PropertyType);
                w.WriteStartArray(ValuesName);
                foreach (var instance in series)
                {
                    w.WriteStartArray();
                    WriteValue(w, instance.Value);
                    if (instance.ObservedAt is { } at) w.WriteStringValue(at.UtcDateTime);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndObject();
                continue;
            }
            w.WriteStartArray(clientName);
            foreach (var instance in series)
            {
                w.WriteStartObject();
                w.WriteString(TypeName, PropertyType);
                w.WritePropertyName(ValueName);
                WriteValue(w, instance.Value);
                if (instance.UnitCode is { } unit) w.WriteString(UnitCodeName, unit);
                if (instance.ObservedAt is { } at) w.WriteString(ObservedAtName, at.UtcDateTime);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (rep.EmbeddedContext is { } embedded) w.WriteString(ContextName, embedded);
        w.WriteEndObject();
    }

    /// <summary>One entity as UTF-8 JSON (tests, tools).</summary>
    public static byte[] ToUtf8(Entity entity, NgsiRepresentation? rep = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) WriteEntity(w, entity, rep ?? NgsiRepresentation.Normalized);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Stores hand out <see cref="Dictionary{TKey,TValue}"/>: enumerate it as such, so the loop allocates no boxed
    /// enumerator per entity.
    /// </summary>
    private static Dictionary<string, T> Items<T>(IReadOnlyDictionary<string, T> items) =>
        items as Dictionary<string, T> ?? new Dictionary<string, T>(items);

    private static void WriteText(Utf8JsonWriter w, string name, string value, bool keyValues)
    {
        if (keyValues)
        {
            w.WriteString(name, value);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString(TypeName, PropertyType);
        w.WriteString(ValueName, value);
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, TwinValue value)
    {
        switch (value.Kind)
        {
            case TwinValueKind.Number: w.WriteNumberValue(value.Number); break;
            case TwinValueKind.Text: w.WriteStringValue(value.Text); break;
            case TwinValueKind.Boolean: w.WriteBooleanValue(value.Number != 0); break;
            // Structured values are kept as compact JSON the twin wrote itself: copy it, do not re-parse it.
            default: w.WriteRawValue(value.Text!, skipInputValidation: true); break;
        }
    }
}
