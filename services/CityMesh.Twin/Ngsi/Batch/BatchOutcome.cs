using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Batch;

/// <summary>
/// What a batch operation did to each entity: the NGSI-LD BatchOperationResult (clause 5.2.16),
/// <c>{"success": [ids], "errors": [{"entityId", "error": problem}]}</c>, answered with 207 when any entity failed.
/// </summary>
public sealed class BatchOutcome
{
    private readonly List<string> _success = [];
    private readonly List<(string? Id, NgsiProblem Problem)> _errors = [];

    public IReadOnlyList<string> Success => _success;
    public bool HasErrors => _errors.Count > 0;

    public void Succeeded(string id) => _success.Add(id);

    /// <param name="id">The entity's id; null when it was sent without one that is text.</param>
    public void Failed(string? id, NgsiProblem problem) => _errors.Add((id, problem));

    /// <summary>207 with the BatchOperationResult.</summary>
    public IResult MultiStatus() => new NgsiJsonResult(StatusCodes.Status207MultiStatus, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("success");
        foreach (var id in _success) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var (id, problem) in _errors)
        {
            w.WriteStartObject();
            if (id is null) w.WriteNull("entityId");
            else w.WriteString("entityId", id);
            w.WritePropertyName("error");
            problem.WriteTo(w);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>201 with the ids (the answer of create and upsert when some entity was created).</summary>
    public static IResult Created(IEnumerable<string> ids) => new NgsiJsonResult(StatusCodes.Status201Created, w =>
    {
        w.WriteStartArray();
        foreach (var id in ids) w.WriteStringValue(id);
        w.WriteEndArray();
    });
}
