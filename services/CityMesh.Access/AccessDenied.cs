using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CityMesh.Access;

/// <summary>
/// A 403 that says which role the endpoint needs and which the caller has, so a refused operator knows what to ask
/// for; everything else is the framework's default.
/// </summary>
public sealed class AccessDenied : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var required = (authorizeResult.AuthorizationFailure?.FailedRequirements ?? policy.Requirements)
            .OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var caller = Caller.From(context.User);
        var needs = required.Count switch
        {
            0 => "this endpoint's policy",
            1 => $"the role {required[0]}",
            _ => $"one of the roles {string.Join(", ", required)}",
        };
        var detail = $"{context.Request.Method} {context.Request.Path} requires {needs}; {caller.Name} has the role {caller.Role}";
        if (GrpcRefusal.IsGrpc(context.Request))
        {
            await GrpcRefusal.WriteAsync(context.Response, GrpcRefusal.PermissionDenied, detail);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Status = 403, Title = "Forbidden", Instance = context.Request.Path,
                Detail = detail,
                Extensions = { ["requiredRoles"] = required, ["role"] = caller.Role },
            },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
