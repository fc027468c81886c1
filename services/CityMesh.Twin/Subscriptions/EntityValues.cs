using System.Text.Json;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// An entity's attribute values as q reads them (a property's value, a relationship's target id), for evaluating a
/// subscription's q on an entity outside a store. The one place that knows the entity model's shape for matching.
/// </summary>
internal static class EntityValues
{
    public static TwinValue? Resolve(Entity entity, string name) =>
        entity.Properties.TryGetValue(name, out var property) ? property.Value
        : entity.Relationships.TryGetValue(name, out var relationship) ? TwinValue.Of(relationship.Object)
        : null;

    /// <summary>
    /// The value as one change left it: the change's own value of the attribute where it carries one, the entity's
    /// current value otherwise. A notifier that reads a batch of changes sees the entity after the last of them, so
    /// without this two quick updates (no2 30, then 60) would both be matched as 60.
    /// </summary>
    public static TwinValue? Resolve(Entity entity, string name, IReadOnlyDictionary<string, object?> changed)
    {
        var now = Resolve(entity, name);
        if (!changed.TryGetValue(name, out var value)) return now;
        return value switch
        {
            null => null,
            double number => TwinValue.Of(number),
            bool flag => TwinValue.Of(flag),
            // Structured values travel in a change as JSON text: read them back as JSON where the attribute holds JSON.
            string text => now is { Kind: TwinValueKind.Json } ? FromJsonText(text, now.Value) : TwinValue.Of(text),
            JsonElement { ValueKind: JsonValueKind.String } e => now is { Kind: TwinValueKind.Json } ? FromJsonText(e.GetString()!, now.Value) : TwinValue.Of(e.GetString()!),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement e => TwinValue.FromJson(e),
            _ => now,
        };
    }

    private static TwinValue FromJsonText(string text, TwinValue fallback)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return TwinValue.FromJson(doc.RootElement);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }
}
