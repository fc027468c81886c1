using System.Text.Encodings.Web;
using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;

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

    private static readonly JsonEncodedText DatasetIdName = JsonEncodedText.Encode("datasetId");
    private static readonly JsonEncodedText ScopeName = JsonEncodedText.Encode("scope");

    /// <summary>Writes one entity; no reflection, names pre-encoded where fixed.</summary>
    public static void WriteEntity(Utf8JsonWriter w, Entity entity, NgsiRepresentation rep)
    {
        var context = rep.Context;
        w.WriteStartObject();
        w.WriteString(IdName, entity.Id);
        if (entity.OtherTypes.Count == 0) w.WriteString(TypeName, context.FromStored(entity.Type));
        else
        {
            w.WriteStartArray(TypeName);
            foreach (var type in entity.Types) w.WriteStringValue(context.FromStored(type));
            w.WriteEndArray();
        }
        if (entity.Scope.Count > 0)
        {
            if (entity.Scope.Count == 1) w.WriteString(ScopeName, entity.Scope[0]);
            else
            {
                w.WriteStartArray(ScopeName);
                foreach (var scope in entity.Scope) w.WriteStringValue(scope);
                w.WriteEndArray();
            }
        }
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
        if (entity.AppearanceRef is { } appearance && rep.Includes("appearance"))
        {
            var name = context.FromStored("appearance");
            if (rep.KeyValues) w.WriteString(name, appearance);
            else
            {
                w.WriteStartObject(name);
                w.WriteString(TypeName, PropertyType);
                w.WriteString(ValueName, appearance);
                w.WriteEndObject();
            }
        }

        foreach (var (name, property) in Items(entity.Properties))
        {
            if (!rep.Includes(name)) continue;
            var datasets = entity.PropertyDatasets.Count == 0 ? null : entity.PropertyDatasets.GetValueOrDefault(name);
            w.WritePropertyName(context.FromStored(name));
            if (datasets is not null) w.WriteStartArray();
            WriteProperty(w, property, rep);
            if (datasets is null) continue;
            foreach (var instance in datasets) WriteProperty(w, instance, rep);
            w.WriteEndArray();
        }
        foreach (var (name, datasets) in entity.PropertyDatasets)
        {
            if (entity.Properties.ContainsKey(name) || !rep.Includes(name)) continue;
            w.WritePropertyName(context.FromStored(name));
            if (datasets.Count > 1) w.WriteStartArray();
            foreach (var instance in datasets) WriteProperty(w, instance, rep);
            if (datasets.Count > 1) w.WriteEndArray();
        }
        foreach (var (name, relationship) in Items(entity.Relationships))
        {
            if (!rep.Includes(name)) continue;
            var datasets = entity.RelationshipDatasets.Count == 0 ? null : entity.RelationshipDatasets.GetValueOrDefault(name);
            w.WritePropertyName(context.FromStored(name));
            if (datasets is not null) w.WriteStartArray();
            WriteRelationship(w, relationship, rep);
            if (datasets is null) continue;
            foreach (var instance in datasets) WriteRelationship(w, instance, rep);
            w.WriteEndArray();
        }
        foreach (var (name, datasets) in entity.RelationshipDatasets)
        {
            if (entity.Relationships.ContainsKey(name) || !rep.Includes(name)) continue;
            w.WritePropertyName(context.FromStored(name));
            if (datasets.Count > 1) w.WriteStartArray();
            foreach (var instance in datasets) WriteRelationship(w, instance, rep);
            if (datasets.Count > 1) w.WriteEndArray();
        }
        if (rep.SysAttrs)
        {
            if (entity.CreatedAt is { } created) w.WriteString(CreatedAtName, created.UtcDateTime);
            if (entity.ModifiedAt is { } modified) w.WriteString(ModifiedAtName, modified.UtcDateTime);
        }
        if (rep.EmbeddedContext is { } embedded) w.WriteString(ContextName, embedded);
        w.WriteEndObject();
    }

    /// <summary>Every instance of one attribute as a JSON array in normalized form, names as stored (see <see cref="ReadInstances"/>).</summary>
    public static string WriteInstances(IEnumerable<AttributeInstance> instances, NgsiRepresentation? rep = null)
    {
        rep ??= NgsiRepresentation.Normalized;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            foreach (var instance in instances)
            {
                if (instance.Property is { } property) WriteProperty(w, property, rep);
                else WriteRelationship(w, instance.Relationship!, rep);
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// One property instance, the member name already written. Simplified (keyValues): a plain or geo value bare,
    /// the other kinds as <c>{"languageMap": ..}</c>, <c>{"json": ..}</c>, <c>{"vocab": ..}</c>, <c>{"valueList": ..}</c>.
    /// </summary>
    private static void WriteProperty(Utf8JsonWriter w, Property property, NgsiRepresentation rep)
    {
        var content = ContentName(property.Kind);
        if (rep.KeyValues)
        {
            if (property.Kind is PropertyKind.Property or PropertyKind.GeoProperty) WriteValue(w, property.Value);
            else
            {
                w.WriteStartObject();
                w.WritePropertyName(content);
                WriteValue(w, property.Value);
                w.WriteEndObject();
            }
            return;
        }
        w.WriteStartObject();
        w.WriteString(TypeName, KindName(property.Kind));
        w.WritePropertyName(content);
        WriteValue(w, property.Value);
        if (property.UnitCode is { } unit) w.WriteString(UnitCodeName, unit);
        if (property.ObservedAt is { } at) w.WriteString(ObservedAtName, at.UtcDateTime);
        if (property.DatasetId is { } datasetId) w.WriteString(DatasetIdName, datasetId);
        WriteSub(w, property.Sub, rep);
        w.WriteEndObject();
    }

    private static void WriteRelationship(Utf8JsonWriter w, Relationship relationship, NgsiRepresentation rep)
    {
        if (rep.KeyValues)
        {
            WriteObjects(w, relationship);
            return;
        }
        w.WriteStartObject();
        w.WriteString(TypeName, RelationshipType);
        w.WritePropertyName(ObjectName);
        WriteObjects(w, relationship);
        if (relationship.ObservedAt is { } at) w.WriteString(ObservedAtName, at.UtcDateTime);
        if (relationship.DatasetId is { } datasetId) w.WriteString(DatasetIdName, datasetId);
        WriteSub(w, relationship.Sub, rep);
        w.WriteEndObject();
    }

    private static void WriteObjects(Utf8JsonWriter w, Relationship relationship)
    {
        if (relationship.Objects is not { } objects)
        {
            w.WriteStringValue(relationship.Object);
            return;
        }
        w.WriteStartArray();
        foreach (var target in objects) w.WriteStringValue(target);
        w.WriteEndArray();
    }

    private static void WriteSub(Utf8JsonWriter w, SubAttributes? sub, NgsiRepresentation rep)
    {
        if (sub is null) return;
        foreach (var (name, property) in sub.Properties)
        {
            w.WritePropertyName(rep.Context.FromStored(name));
            WriteProperty(w, property, rep);
        }
        foreach (var (name, relationship) in sub.Relationships)
        {
            w.WritePropertyName(rep.Context.FromStored(name));
            WriteRelationship(w, relationship, rep);
        }
    }

    private static readonly JsonEncodedText[] KindNames =
        [PropertyType, GeoPropertyType, JsonEncodedText.Encode("LanguageProperty"), JsonEncodedText.Encode("JsonProperty"),
         JsonEncodedText.Encode("VocabProperty"), JsonEncodedText.Encode("ListProperty")];

    private static readonly JsonEncodedText[] ContentNames =
        [ValueName, ValueName, JsonEncodedText.Encode("languageMap"), JsonEncodedText.Encode("json"),
         JsonEncodedText.Encode("vocab"), JsonEncodedText.Encode("valueList")];

    private static JsonEncodedText KindName(PropertyKind kind) => KindNames[(int)kind];

    private static JsonEncodedText ContentName(PropertyKind kind) => ContentNames[(int)kind];

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
                if (instance.ObservedAt is { } at)
                {
                    w.WriteString(ObservedAtName, at.UtcDateTime);
                    w.WriteString(InstanceIdName, InstanceIds.Of(at));
                }
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
