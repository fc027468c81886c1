using System.Text.Json;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Ngsi.Codec;

public static partial class NgsiLdCodec
{
    private static readonly JsonEncodedText InstanceIdName = JsonEncodedText.Encode("instanceId");

    private static readonly Dictionary<AggregationMethod, JsonEncodedText> MethodNames = Enum.GetValues<AggregationMethod>()
        .ToDictionary(m => m, m => JsonEncodedText.Encode(char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..]));

    /// <summary>
    /// Writes aggregated history (NGSI-LD's aggregated temporal representation): per attribute, per asked method, the
    /// triples <c>[value, startAt, endAt]</c> of each period that holds instances. A numeric method over a period
    /// without numbers has no value and is left out.
    /// </summary>
    public static void WriteAggregated(Utf8JsonWriter w, AggregatedEntity entity, NgsiRepresentation rep, TemporalQuery query, TemporalAggregation aggregation)
    {
        var context = rep.Context;
        w.WriteStartObject();
        w.WriteString(IdName, entity.Id);
        w.WriteString(TypeName, context.FromStored(entity.Type));
        foreach (var (name, attribute) in entity.Attributes)
        {
            w.WriteStartObject(context.FromStored(name));
            w.WriteString(TypeName, PropertyType);
            foreach (var method in aggregation.Methods)
            {
                w.WriteStartArray(MethodNames[method]);
                foreach (var period in attribute.Periods)
                {
                    if (period.Of(method) is not { } value) continue;
                    var (start, end) = aggregation.Bounds(query, attribute, period.Bucket);
                    w.WriteStartArray();
                    w.WriteNumberValue(value);
                    w.WriteStringValue(start.UtcDateTime);
                    w.WriteStringValue(end.UtcDateTime);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        if (rep.EmbeddedContext is { } embedded) w.WriteString(ContextName, embedded);
        w.WriteEndObject();
    }
}
