using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi.Queries;

/// <summary>Comma-separated lists in query parameters (id, type, attrs).</summary>
public static class NameList
{
    /// <returns>Null when the parameter is absent.</returns>
    public static string[]? Split(string? text, string field)
    {
        if (text is null) return null;
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new NgsiProblemException(NgsiProblem.BadRequestData($"{field}: the list is empty", field));
        if (items.Length > NgsiLimits.MaxListItems)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"{field}: at most {NgsiLimits.MaxListItems} items", field));
        foreach (var item in items) QueryText.Check(item, field);
        return items;
    }

    /// <summary>
    /// The <c>attrs</c> parameter, as the store keeps the names. id and type are the entity's own members, not
    /// attributes: naming them is BadRequestData (clause 4.6.1 reserves them).
    /// </summary>
    public static IReadOnlySet<string>? Attributes(string? text, LdContext context)
    {
        var names = Split(text, "attrs");
        if (names is null) return null;
        if (names.FirstOrDefault(n => n is "id" or "type" or "@id" or "@type") is { } member)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"attrs: '{member}' is the entity's own member, not an attribute", "attrs"));
        return names.Select(context.ToStored).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Attribute names as the store keeps them.</summary>
    public static IReadOnlySet<string>? Stored(string? text, LdContext context, string field) =>
        Split(text, field) is { } names ? names.Select(context.ToStored).ToHashSet(StringComparer.Ordinal) : null;
}
