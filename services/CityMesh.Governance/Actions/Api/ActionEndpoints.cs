using CityMesh.Access;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions.Lifecycle;
using CityMesh.Governance.Actions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Governance.Actions.Api;

/// <summary>
/// <c>/governance/actions</c>: anyone authenticated lists and reads actions; only operators approve, reject and
/// override. Decisions answer with the action as it stands after them (executed or failed, once approved).
/// </summary>
public static class ActionEndpoints
{
    public const string Prefix = "/governance/actions";
    private const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapGovernanceActions(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).WithTags("Governance");

        api.MapGet("", ListAsync).RequireAuthorization(Roles.Policy.Viewer)
            .WithName("governanceListActions")
            .WithSummary("List actions, newest first")
            .WithDescription("status=proposed lists those waiting for a decision; type filters by action type; incident by the twin Incident they respond to; limit ≤ 500 (default 100).");
        api.MapGet("/{id}", GetAsync).RequireAuthorization(Roles.Policy.Viewer)
            .WithName("governanceGetAction")
            .WithSummary("One action with its history");
        api.MapPost("/{id}/approve", (string id, HttpContext http, ActionGovernor governor, CancellationToken ct) =>
                DecideAsync(http, false, body => governor.ApproveAsync(id, Caller.From(http.User), body.Reason, ct), ct))
            .RequireAuthorization(Roles.Policy.Operator)
            .WithName("governanceApproveAction")
            .WithSummary("Approve a proposed action; it executes at once");
        api.MapPost("/{id}/reject", (string id, HttpContext http, ActionGovernor governor, CancellationToken ct) =>
                DecideAsync(http, false, body => governor.RejectAsync(id, Caller.From(http.User), body.Reason, ct), ct))
            .RequireAuthorization(Roles.Policy.Operator)
            .WithName("governanceRejectAction")
            .WithSummary("Reject a proposed action (also how advice is dismissed)");
        api.MapPost("/{id}/override", (string id, HttpContext http, ActionGovernor governor, CancellationToken ct) =>
                DecideAsync(http, true, body => governor.OverrideAsync(id, Caller.From(http.User), body.Reason, body.Effect, ct), ct))
            .RequireAuthorization(Roles.Policy.Operator)
            .WithName("governanceOverrideAction")
            .WithSummary("Approve with the operator's own effect (or the proposed one) and a mandatory reason; it executes at once");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(ActionGovernor governor, string? status, string? type, string? incident, int? limit, CancellationToken ct)
    {
        ActionStatus? wanted = null;
        if (status is not null)
        {
            if (!TryParseStatus(status, out var parsed))
                return BadRequest("status", $"'{status}' is not a status; use one of {string.Join(", ", Enum.GetValues<ActionStatus>().Select(ActionLifecycle.Name))}");
            wanted = parsed;
        }
        if (limit is < 1 or > MaxLimit) return BadRequest("limit", $"is {limit}; use 1 to {MaxLimit}");
        return TypedResults.Ok(await governor.ListAsync(new ActionQuery(wanted, string.IsNullOrEmpty(type) ? null : type, limit ?? 100,
            string.IsNullOrEmpty(incident) ? null : incident), ct));
    }

    private static async Task<IResult> GetAsync(string id, ActionGovernor governor, CancellationToken ct) =>
        await governor.GetAsync(id, ct) is { } action ? TypedResults.Ok(action) : Problem(StatusCodes.Status404NotFound, "Unknown action", $"no action '{id}'");

    private static async Task<IResult> DecideAsync(HttpContext http, bool allowEffect, Func<DecisionBody, Task<ActionTransition>> decide, CancellationToken ct)
    {
        DecisionBody body;
        try
        {
            body = await DecisionBody.ReadAsync(http.Request, allowEffect, ct);
        }
        catch (BadDecisionException e)
        {
            return BadRequest(e.Field, e.Problem);
        }
        var transition = await decide(body);
        if (transition.Action is { } action) return TypedResults.Ok(action);
        var refusal = transition.Refusal!;
        return refusal.Kind switch
        {
            RefusalKind.NotFound => Problem(StatusCodes.Status404NotFound, "Unknown action", refusal.Message),
            RefusalKind.ReasonRequired => Problem(StatusCodes.Status400BadRequest, "Reason required", refusal.Message, "$.reason"),
            RefusalKind.Expired => Problem(StatusCodes.Status409Conflict, "Action expired", refusal.Message),
            RefusalKind.AdviceOnly => Problem(StatusCodes.Status409Conflict, "Advice only", refusal.Message),
            _ => Problem(StatusCodes.Status409Conflict, "Action not pending", refusal.Message),
        };
    }

    private static bool TryParseStatus(string text, out ActionStatus status)
    {
        foreach (var candidate in Enum.GetValues<ActionStatus>())
        {
            if (string.Equals(ActionLifecycle.Name(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    private static IResult BadRequest(string field, string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", $"{field}: {detail}", field);

    private static IResult Problem(int status, string title, string detail, string? field = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });
}
