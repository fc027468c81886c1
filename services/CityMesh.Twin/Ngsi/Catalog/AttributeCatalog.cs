using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Catalog;

/// <summary>One attribute name across every type that has it: NGSI-LD's Attribute (clause 5.2.28).</summary>
public sealed record AttributeEntry(string Name, long Count, IReadOnlyList<AttributeKind> Kinds, IReadOnlyList<string> TypeNames)
{
    /// <summary>The store's catalog turned around: by attribute name, in ordinal order.</summary>
    public static IReadOnlyList<AttributeEntry> Of(IEnumerable<TypeSummary> types) =>
    [
        .. types.SelectMany(t => t.Attributes.Select(a => (t.Type, Attribute: a)))
            .GroupBy(x => x.Attribute.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AttributeEntry(g.Key, g.Sum(x => x.Attribute.EntityCount),
                [.. g.Select(x => x.Attribute.Kind).Distinct().Order()],
                [.. g.Select(x => x.Type).Distinct(StringComparer.Ordinal)])),
    ];
}
