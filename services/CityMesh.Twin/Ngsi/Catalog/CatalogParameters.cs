using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi.Catalog;

/// <summary>The query parameters of <c>/types</c> and <c>/attributes</c>.</summary>
public static class CatalogParameters
{
    /// <exception cref="NgsiProblemException">BadRequestData naming <c>details</c> when it is not true or false.</exception>
    public static bool Details(string? text) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new NgsiProblemException(NgsiProblem.BadRequestData($"details: '{text}' is not true or false", "details")),
    };
}
