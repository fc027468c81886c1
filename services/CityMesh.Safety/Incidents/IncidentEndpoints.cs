using System.Text.Json;
using CityMesh.Access;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Safety.Incidents;

/// <summary>
/// <c>/safety/incidents</c>: viewers list and read incidents; operators open one by hand, add a note (with more
/// affected entities or a new severity) and close one with a reason. Writes answer 201/200 once the twin holds the
/// change, 202 when it is kept and still being written (the twin is restarting).
/// </summary>
public static class IncidentEndpoints
{
    public const int MaxTitle = 200, MaxText = 2000;

    public sealed record OpenBody(string? Kind, string? Title, string? Severity, IncidentPoint? Location, string[]? Affected, string? Description);

    public sealed record IncidentPoint(double? Lat, double? Lon);

    public sealed record NoteBody(string? Text, string? Severity, string[]? Affected);

    public sealed record CloseBody(string? Reason);

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/safety/incidents").WithTags("Safety");
        api.MapGet("", (IncidentBook book, string? status) => status is null or IncidentTerms.Open or IncidentTerms.Closed
                ? Results.Ok(book.List(status))
                : Problem(400, "status", $"'{status}' is not open or closed"))
            .RequireAuthorization(Roles.Policy.Viewer).WithSummary("Incidents, newest first; status=open or closed");
        api.MapGet("/{id}", (string id, IncidentBook book) => book.Find(id) is { } incident ? Results.Ok(incident) : NotFound(id))
            .RequireAuthorization(Roles.Policy.Viewer).WithSummary("One incident with its timeline");
        api.MapPost("", OpenAsync).RequireAuthorization(Roles.Policy.Operator).WithSummary("Open an incident by hand");
        api.MapPost("/{id}/notes", NoteAsync).RequireAuthorization(Roles.Policy.Operator).WithSummary("Add a line to an open incident's timeline");
        api.MapPost("/{id}/close", CloseAsync).RequireAuthorization(Roles.Policy.Operator).WithSummary("Close an open incident, with a reason");
        return endpoints;
    }

    private static async Task<IResult> OpenAsync(HttpContext http, IncidentBook book, CancellationToken ct)
    {
        var (body, bad) = await ReadAsync<OpenBody>(http, ct);
        if (bad is not null) return bad;
        var kind = body!.Kind ?? "other";
        if (!IncidentTerms.Kinds.Contains(kind)) return Problem(400, "kind", $"'{kind}' is not one of {string.Join(", ", IncidentTerms.Kinds)}");
        if (string.IsNullOrWhiteSpace(body.Title)) return Problem(400, "title", "is required: one line saying what is happening");
        if (body.Title.Length > MaxTitle) return Problem(400, "title", $"is {body.Title.Length} characters; at most {MaxTitle}");
        var severity = body.Severity ?? "medium";
        if (IncidentTerms.Rank(severity) < 0) return Problem(400, "severity", $"'{severity}' is not one of {string.Join(", ", IncidentTerms.Severities)}");
        if (body.Description is { Length: > MaxText }) return Problem(400, "description", $"is {body.Description.Length} characters; at most {MaxText}");
        double? lat = null, lon = null;
        if (body.Location is { } at)
        {
            if (at.Lat is not (>= -90 and <= 90)) return Problem(400, "location.lat", at.Lat is null ? "is required with a location" : $"{at.Lat} is not a latitude");
            if (at.Lon is not (>= -180 and <= 180)) return Problem(400, "location.lon", at.Lon is null ? "is required with a location" : $"{at.Lon} is not a longitude");
            (lat, lon) = (at.Lat, at.Lon);
        }
        if (AffectedProblem(body.Affected) is { } refused) return refused;
        var actor = Caller.From(http.User).Name;
        var incident = await book.OpenAsync(new IncidentReport(kind, body.Title.Trim(), severity, body.Description is { Length: > 0 } d ? d : "opened by hand",
            lon, lat, body.Affected), actor, ct);
        return Written(book, incident, created: true);
    }

    private static async Task<IResult> NoteAsync(string id, HttpContext http, IncidentBook book, TimeProvider clock, CancellationToken ct)
    {
        var (body, bad) = await ReadAsync<NoteBody>(http, ct);
        if (bad is not null) return bad;
        if (string.IsNullOrWhiteSpace(body!.Text)) return Problem(400, "text", "is required");
        if (body.Text.Length > MaxText) return Problem(400, "text", $"is {body.Text.Length} characters; at most {MaxText}");
        if (body.Severity is { } s && IncidentTerms.Rank(s) < 0) return Problem(400, "severity", $"'{s}' is not one of {string.Join(", ", IncidentTerms.Severities)}");
        if (AffectedProblem(body.Affected) is { } refused) return refused;
        if (book.Find(id) is not { } known) return NotFound(id);
        if (!known.IsOpen) return Problem(409, "id", $"incident '{id}' is closed");
        var incident = await book.NoteAsync(id, new IncidentEvent(clock.GetUtcNow(), body.Severity is null ? "note" : "severity", body.Text.Trim(), null, Caller.From(http.User).Name),
            body.Affected, body.Severity, ct);
        return incident is null ? Problem(409, "id", $"incident '{id}' is closed") : Written(book, incident, created: false);
    }

    private static async Task<IResult> CloseAsync(string id, HttpContext http, IncidentBook book, CancellationToken ct)
    {
        var (body, bad) = await ReadAsync<CloseBody>(http, ct);
        if (bad is not null) return bad;
        if (string.IsNullOrWhiteSpace(body!.Reason)) return Problem(400, "reason", "is required: why the incident is over");
        if (body.Reason.Length > MaxText) return Problem(400, "reason", $"is {body.Reason.Length} characters; at most {MaxText}");
        if (book.Find(id) is not { } known) return NotFound(id);
        if (!known.IsOpen) return Problem(409, "id", $"incident '{id}' is already closed");
        var incident = await book.CloseAsync(id, Caller.From(http.User).Name, body.Reason.Trim(), ct);
        return incident is null ? Problem(409, "id", $"incident '{id}' is already closed") : Written(book, incident, created: false);
    }

    private static IResult? AffectedProblem(string[]? affected)
    {
        if (affected is null) return null;
        if (affected.Length > IncidentBook.MaxAffected) return Problem(400, "affected", $"names {affected.Length} entities; at most {IncidentBook.MaxAffected}");
        for (var i = 0; i < affected.Length; i++)
        {
            if (affected[i] is not { } id || !id.StartsWith(EntityIds.Prefix, StringComparison.Ordinal) || id.Length > 512)
                return Problem(400, $"affected[{i}]", $"'{affected[i]}' is not an entity id (urn:ngsi-ld:Type:...)");
        }
        return null;
    }

    private static IResult Written(IncidentBook book, Incident incident, bool created)
    {
        var location = $"/safety/incidents/{Uri.EscapeDataString(incident.Id)}";
        if (!book.IsSaved(incident.Id)) return Results.Accepted(location, incident);
        return created ? Results.Created(location, incident) : Results.Ok(incident);
    }

    private static async Task<(T? Body, IResult? Bad)> ReadAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, JsonSerializerOptions.Web, ct);
            return body is null ? (null, Problem(400, "body", "is empty; send a JSON object")) : (body, null);
        }
        catch (JsonException e)
        {
            var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
            return (null, Problem(400, field.Length > 0 ? field : "body", $"is not valid JSON: {e.Message}"));
        }
    }

    private static IResult NotFound(string id) => Problem(404, "id", $"no incident '{id}'");

    private static IResult Problem(int status, string field, string detail) => FieldProblem.Of(status, field, detail);
}
