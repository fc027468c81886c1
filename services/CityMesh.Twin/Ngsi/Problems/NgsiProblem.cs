using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Problems;

/// <summary>
/// An NGSI-LD error (ETSI GS CIM 009, clause 5.5.2): RFC 7807 problem details with an NGSI-LD error type. CityMesh
/// adds <see cref="Field"/>, the JSON path of the offending input, and <see cref="Errors"/> when there are several.
/// </summary>
public sealed record NgsiProblem(string Type, string Title, int Status, string Detail, string? Field = null, IReadOnlyList<FieldError>? Errors = null)
{
    public const string TypeBase = "https://uri.etsi.org/ngsi-ld/errors/";

    public static NgsiProblem InvalidRequest(string detail, int status = StatusCodes.Status400BadRequest) =>
        new(TypeBase + "InvalidRequest", "Invalid request", status, detail);

    public static NgsiProblem BadRequestData(string detail, string? field = null) =>
        new(TypeBase + "BadRequestData", "Bad request data", StatusCodes.Status400BadRequest, detail, field);

    /// <summary>Several field errors at once; the first names <see cref="Field"/>.</summary>
    public static NgsiProblem BadRequestData(IReadOnlyList<FieldError> errors) =>
        new(TypeBase + "BadRequestData", "Bad request data", StatusCodes.Status400BadRequest,
            string.Join("; ", errors.Select(e => e.ToString())), errors[0].Field, errors.Count > 1 ? errors : null);

    public static NgsiProblem ResourceNotFound(string detail) =>
        new(TypeBase + "ResourceNotFound", "Resource not found", StatusCodes.Status404NotFound, detail);

    public static NgsiProblem AlreadyExists(string id) =>
        new(TypeBase + "AlreadyExists", "Already exists", StatusCodes.Status409Conflict, $"entity '{id}' already exists", "id");

    public static NgsiProblem OperationNotSupported(string detail, string? field = null) =>
        new(TypeBase + "OperationNotSupported", "Operation not supported", StatusCodes.Status422UnprocessableEntity, detail, field);

    public static NgsiProblem TooManyResults(string detail, string? field = null) =>
        new(TypeBase + "TooManyResults", "Too many results", StatusCodes.Status403Forbidden, detail, field);

    public static NgsiProblem LdContextNotAvailable(string detail, string? field = null) =>
        new(TypeBase + "LdContextNotAvailable", "JSON-LD context not available", StatusCodes.Status503ServiceUnavailable, detail, field);

    public static NgsiProblem NonexistentTenant(string detail) =>
        new(TypeBase + "NonexistentTenant", "Nonexistent tenant", StatusCodes.Status404NotFound, detail, CityMesh.Access.Tenants.Header);

    public static NgsiProblem InternalError() =>
        new(TypeBase + "InternalError", "Internal error", StatusCodes.Status500InternalServerError,
            "the twin failed to handle the request; the server log has the details");

    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", Type);
        w.WriteString("title", Title);
        w.WriteNumber("status", Status);
        w.WriteString("detail", Detail);
        if (Field is not null) w.WriteString("field", Field);
        if (Errors is { Count: > 0 })
        {
            w.WriteStartArray("errors");
            foreach (var e in Errors)
            {
                w.WriteStartObject();
                w.WriteString("field", e.Field);
                w.WriteString("reason", e.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}

/// <summary>One rejected input: its JSON path and why.</summary>
public sealed record FieldError(string Field, string Reason)
{
    public override string ToString() => $"{Field}: {Reason}";
}
