using CityMesh.Twin.Ngsi.JsonLd;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>How an entity is written: normalized or keyValues, with or without system attributes, which attributes.</summary>
public sealed record NgsiRepresentation
{
    public static readonly NgsiRepresentation Normalized = new();

    /// <summary>Simplified form: each attribute is its bare value (a relationship its object).</summary>
    public bool KeyValues { get; init; }

    /// <summary>Write createdAt and modifiedAt.</summary>
    public bool SysAttrs { get; init; }

    /// <summary>Attributes to write, by stored name (id and type always come); null writes all.</summary>
    public IReadOnlySet<string>? Attrs { get; init; }

    /// <summary>The client's context: names are compacted with it.</summary>
    public LdContext Context { get; init; } = LdContext.CityMesh;

    /// <summary>The @context value written into each entity (application/ld+json); null when a Link header carries it.</summary>
    public string? EmbeddedContext { get; init; }

    public bool Includes(string storedName) => Attrs is null || Attrs.Contains(storedName);
}
