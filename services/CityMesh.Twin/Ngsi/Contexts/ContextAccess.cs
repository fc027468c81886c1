using System.Security.Claims;
using CityMesh.Access;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>
/// Who may manage the twin's JSON-LD contexts. They are the city's vocabulary, shared by every tenant: listing and
/// describing them takes any caller; adding, deleting and reloading takes an operator or admin of the city. A hosted
/// document itself is served to anyone, as <c>/context.jsonld</c> is: JSON-LD processors fetch it without credentials.
/// </summary>
public static class ContextAccess
{
    public static NgsiProblem? ReadRefusal(ClaimsPrincipal user) => Caller.Of(user) is null
        ? AccessProblems.Unauthorized("listing the twin's JSON-LD contexts needs credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN")
        : null;

    public static NgsiProblem? WriteRefusal(ClaimsPrincipal user)
    {
        if (Caller.Of(user) is not { } caller)
            return AccessProblems.Unauthorized("managing the twin's JSON-LD contexts needs credentials: send X-Api-Key: KEY or Authorization: Bearer TOKEN");
        if (caller.Tenant is not null)
            return AccessProblems.Forbidden($"{caller} belongs to tenant '{caller.Tenant}'; the JSON-LD contexts are the whole twin's, managed by the city's operators and admins");
        return caller.Role is Roles.Operator or Roles.Admin
            ? null
            : AccessProblems.Forbidden($"{caller} may not manage JSON-LD contexts; operators and admins do");
    }
}
