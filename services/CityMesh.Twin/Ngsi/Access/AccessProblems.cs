using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Access;

/// <summary>
/// Refusals of the NGSI-LD API's access rules, as problem details like every other NGSI-LD error. The spec defines no
/// error type for them, so they carry CityMesh's own, next to the HTTP status that says it all.
/// </summary>
public static class AccessProblems
{
    public const string TypeBase = "https://citymesh.io/problems/";

    public static NgsiProblem Unauthorized(string detail) =>
        new(TypeBase + "Unauthorized", "Unauthorized", StatusCodes.Status401Unauthorized, detail);

    public static NgsiProblem Forbidden(string detail, string? field = null) =>
        new(TypeBase + "Forbidden", "Forbidden", StatusCodes.Status403Forbidden, detail, field);
}
