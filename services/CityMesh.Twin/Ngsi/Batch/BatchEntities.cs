using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Batch;

/// <summary>
/// The body of <c>/entityOperations/create</c>, <c>/update</c> and <c>/upsert</c>: a JSON array of entities, decoded one
/// by one so an invalid entity fails alone (its problem goes to <see cref="Outcome.Errors"/>) and the others go on.
/// </summary>
public static class BatchEntities
{
    /// <summary>The entities that decoded, in body order, and the errors of those that did not.</summary>
    public sealed record Decoded(List<Entity> Valid, BatchOutcome Outcome);

    /// <exception cref="NgsiProblemException">
    /// InvalidRequest when the body is not JSON; BadRequestData when it is JSON but not an array of 1 to
    /// <see cref="InputLimits.BatchEntities"/> items (clause 5.5.2: a well-formed body with bad content).
    /// </exception>
    public static async Task<Decoded> ReadAsync(HttpRequest request, InputLimits limits, CancellationToken ct)
    {
        using var body = await NgsiRequestBody.ReadAsync(request, limits.BatchBodyBytes, limits, ct);
        var root = body.Root;
        CheckArray(root, limits, "entities");
        var valid = new List<Entity>(root.GetArrayLength());
        var outcome = new BatchOutcome();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var path = $"[{index++}]";
            try
            {
                body.RejectBadText(item, path);
                valid.Add(NgsiLdCodec.ReadEntity(item, body.ContextOf(item, path), path));
            }
            catch (NgsiProblemException e)
            {
                outcome.Failed(JsonText.ReadableStringMember(item, "id"u8), e.Problem);
            }
        }
        return new Decoded(valid, outcome);
    }

    /// <summary>Refuses a body that is not an array of 1 to <see cref="InputLimits.BatchEntities"/> items.</summary>
    /// <param name="what">What the items are, for the message ("entities", "entity ids").</param>
    public static void CheckArray(JsonElement root, InputLimits limits, string what)
    {
        if (root.ValueKind != JsonValueKind.Array)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"a batch must be a JSON array of {what}", "(body)"));
        var length = root.GetArrayLength();
        if (length == 0 || length > limits.BatchEntities)
            throw new NgsiProblemException(NgsiProblem.BadRequestData($"a batch holds 1 to {limits.BatchEntities} {what}, not {length}", "(body)"));
    }
}
