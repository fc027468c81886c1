using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// The answer to a write of several attributes (PATCH or POST /attrs): 204 when every one was written; otherwise 207
/// with <c>{"updated": [...], "notUpdated": [{"attributeName", "reason"}]}</c>, names in the client's context.
/// </summary>
public static class AttributeOutcome
{
    public static IResult Of(AttributeUpdateResult result, IReadOnlyList<NotUpdatedAttribute> refused, LdContext context)
    {
        NotUpdatedAttribute[] notUpdated = [.. result.NotUpdated, .. refused];
        if (notUpdated.Length == 0) return TypedResults.NoContent();
        return new NgsiJsonResult(StatusCodes.Status207MultiStatus, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("updated");
            foreach (var name in result.Updated) w.WriteStringValue(context.FromStored(name));
            w.WriteEndArray();
            w.WriteStartArray("notUpdated");
            foreach (var item in notUpdated)
            {
                w.WriteStartObject();
                w.WriteString("attributeName", context.FromStored(item.Attribute));
                w.WriteString("reason", item.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
