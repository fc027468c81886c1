using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>Entity ids in URL paths.</summary>
public static class EntityRoute
{
    public const string Entities = "/ngsi-ld/v1/entities";

    /// <summary>
    /// The id from a <c>{id}</c> route value. Kestrel decodes every escape in a path except %2F, so an id that is an
    /// http URI arrives with its slashes still escaped; undo just that.
    /// </summary>
    /// <exception cref="NgsiProblemException">BadRequestData when it is not an absolute URI.</exception>
    public static string Id(string raw)
    {
        var id = Unescaped(raw);
        if (!EntityIdSyntax.IsValid(id))
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"'{(id.Length > 80 ? id[..80] + "…" : id)}' is not an absolute URI", "id"));
        return id;
    }

    /// <summary>A route value as sent: with the %2F that Kestrel leaves escaped (and only that) decoded.</summary>
    public static string Unescaped(string raw) => raw.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The type a CityMesh id names (<c>urn:ngsi-ld:TYPE:...</c>), as a list for access checks; empty when it names none.</summary>
    public static IReadOnlyCollection<string> TypesOf(string id) => EntityIds.TypeOf(id) is { } type ? [type] : [];

    /// <summary>The entity's URL path, for Location headers.</summary>
    public static string PathOf(HttpRequest request, string id) => $"{request.PathBase}{Entities}/{Uri.EscapeDataString(id)}";
}
