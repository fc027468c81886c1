using System.Text.Json;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Safety.Water;

/// <summary>
/// Isolating a main of the live water network: <c>GET /safety/water/isolation?pipe=ID</c> (viewers) says what closing it
/// would do to the customers; <c>POST /safety/water/isolations</c> <c>{"pipe": ID, "reason": ...}</c> (operators)
/// proposes it to governance under the pipe's leak incident, with that as evidence. Approved, the pipe (and valves at
/// its ends) are closed in the twin and the live hydraulics solve the network without them. <c>POST /safety/water/leaks</c>
/// reports a leak found by other means; <c>GET /safety/water/leaks/watch</c> says where the watch on the meters stands.
/// </summary>
public static class WaterEndpoints
{
    public sealed record IsolationBody(string? Pipe, string? Reason);

    public sealed record LeakBody(string[]? Pipes, double? FlowLitresPerSecond, DateTimeOffset? Start, double? Confidence);

    /// <summary>Candidate pipes a crew's list holds at most.</summary>
    public const int MaxCandidates = 20;

    public static IEndpointRouteBuilder MapWater(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/safety/water").WithTags("Safety");
        api.MapGet("/isolation", (WaterIsolation isolation, string? pipe) =>
        {
            if (string.IsNullOrWhiteSpace(pipe)) return Problem(400, "pipe", "is required: the pipe's id in the network or its entity id");
            if (isolation.PipeOf(pipe, out var status, out var problem) is not { } id) return Problem(status, "pipe", problem!);
            var evidence = isolation.Evaluate(id);
            return Results.Ok(new { evidence.Pipe, evidence.Closed, evidence.ServicePressure, evidence.Affected, evidence.AffectedDemandLitres,
                peopleAffected = IsolationProposals.People(evidence.AffectedDemandLitres) });
        }).RequireAuthorization(Roles.Policy.Viewer).WithSummary("What closing a pipe (and valves at its ends) would do: junctions below 20 m or cut off, their demand, people");
        api.MapPost("/isolations", async (HttpContext http, WaterIsolation isolation, CancellationToken ct) =>
        {
            IsolationBody? body;
            try { body = await JsonSerializer.DeserializeAsync<IsolationBody>(http.Request.Body, JsonSerializerOptions.Web, ct); }
            catch (JsonException e) { return Problem(400, e.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : "body", $"is not valid JSON: {e.Message}"); }
            if (string.IsNullOrWhiteSpace(body?.Pipe)) return Problem(400, "pipe", "is required: the pipe's id in the network or its entity id");
            if (body.Reason is { Length: > 2000 }) return Problem(400, "reason", $"is {body.Reason.Length} characters; at most 2000");
            if (isolation.PipeOf(body.Pipe, out var status, out var problem) is not { } id) return Problem(status, "pipe", problem!);
            var proposed = await isolation.ProposeAsync(id, body.Reason, Caller.From(http.User).Name, ct);
            return Results.Accepted($"/governance/actions/{Uri.EscapeDataString(proposed.Proposal.Id)}",
                new { proposal = proposed.Proposal.Id, incident = proposed.Incident.Id, proposed.Proposal.Summary, proposed.Proposal.Evidence });
        }).RequireAuthorization(Roles.Policy.Operator).WithSummary("Propose isolating a pipe to governance, under its leak incident, with the simulated customers affected as evidence");
        api.MapPost("/leaks", async (HttpContext http, WaterIsolation isolation, LeakCrews crews, CancellationToken ct) =>
        {
            LeakBody? body;
            try { body = await JsonSerializer.DeserializeAsync<LeakBody>(http.Request.Body, JsonSerializerOptions.Web, ct); }
            catch (JsonException e) { return Problem(400, e.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : "body", $"is not valid JSON: {e.Message}"); }
            if (body?.Pipes is not { Length: > 0 } given) return Problem(400, "pipes", "is required: the candidate pipes, likeliest first");
            if (given.Length > MaxCandidates) return Problem(400, "pipes", $"names {given.Length} pipes; a crew's list holds at most {MaxCandidates}");
            if (body.FlowLitresPerSecond is { } flow && !(flow > 0 && flow < 1e5)) return Problem(400, "flowLitresPerSecond", $"is {flow}; give a positive flow in L/s");
            if (body.Confidence is { } c && !(c is >= 0 and <= 1)) return Problem(400, "confidence", $"is {c}; give 0 to 1");
            var pipes = new List<string>();
            for (var i = 0; i < given.Length; i++)
            {
                if (isolation.PipeOf(given[i] ?? "", out var status, out var problem) is not { } id) return Problem(status, $"pipes[{i}]", problem!);
                if (pipes.Contains(id)) return Problem(400, $"pipes[{i}]", $"'{given[i]}' is listed twice");
                pipes.Add(id);
            }
            var proposed = await crews.ProposeAsync(new LeakReport(pipes, body.FlowLitresPerSecond, body.Start, body.Confidence, Caller.From(http.User).Name), ct);
            return Results.Accepted($"/governance/actions/{Uri.EscapeDataString(proposed.Proposal.Id)}",
                new { proposal = proposed.Proposal.Id, incident = proposed.Incident.Id, proposed.Proposal.Summary, proposed.Proposal.Evidence });
        }).RequireAuthorization(Roles.Policy.Operator).WithSummary("Report a leak's candidate pipes: a crew's list proposed to governance under the leak's incident");
        api.MapGet("/leaks/watch", (LeakWatch watch) => Results.Ok(watch.State))
            .RequireAuthorization(Roles.Policy.Viewer).WithSummary("Where the leak watch on the meters' telemetry stands: its last look, through which reading, the leaks it reported");
        return endpoints;
    }

    private static IResult Problem(int status, string field, string detail) => FieldProblem.Of(status, field, detail);
}
