using System.Text.RegularExpressions;
using CityMesh.Contracts.Twin;

namespace CityMesh.Twin.Client;

/// <summary>
/// What to read from the twin: every given filter must hold, as in NGSI-LD's <c>GET /entities</c> (types, ids,
/// idPattern, q, a geo filter, attrs). Results come in id order.
/// </summary>
public sealed record TwinQuery
{
    /// <summary>The most ids one query may name: the twin refuses a longer list (its NGSI-LD list limit), so read in chunks of this.</summary>
    public const int MaxIds = 100;

    public IReadOnlyList<string> Types { get; init; } = [];
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>A regular expression the id must match.</summary>
    public string? IdPattern { get; init; }

    /// <summary>An NGSI-LD q expression, e.g. <c>flow&gt;100</c>.</summary>
    public string? Q { get; init; }

    /// <summary>Only entities within this many metres of a WGS84 point.</summary>
    public (double Longitude, double Latitude, double MetresAway)? Near { get; init; }

    /// <summary>Only entities intersecting this WGS84 box.</summary>
    public (double West, double South, double East, double North)? Box { get; init; }

    /// <summary>Attributes to return; empty returns all.</summary>
    public IReadOnlyList<string> Attrs { get; init; } = [];

    /// <summary>Entities per message from the twin, 1 to 1000.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Every entity of these types.</summary>
    public static TwinQuery OfTypes(params string[] types) => new() { Types = types };

    /// <summary>Every entity of <paramref name="type"/> whose id is one of <paramref name="city"/>'s
    /// (<c>urn:ngsi-ld:{type}:{city}:…</c>, as <see cref="EntityIds.Create"/> builds them); of every city when it is null.</summary>
    public static TwinQuery OfCity(string type, string? city) => new()
    {
        Types = [type],
        IdPattern = city is null ? null : $"^{Regex.Escape(EntityIds.Create(type, city, ""))}.*",
    };
}
