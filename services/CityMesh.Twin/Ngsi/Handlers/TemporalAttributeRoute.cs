using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>What the temporal instance edits share: the entity's write check and the answer to an edit's outcome.</summary>
public static class TemporalAttributeRoute
{
    /// <summary>The entity, or the problem to answer: 404 when there is none, a refusal when the caller may not change the attribute.</summary>
    public static async Task<(Entity? Entity, NgsiProblem? Problem)> WritableAsync(HttpContext http, TwinService twin, string entityId, string attribute,
        CancellationToken ct)
    {
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return (null, NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        string[] governed = TwinWriteRules.IsGoverned(existing.Type, attribute) ? [attribute] : [];
        return (existing, NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, existing.Type, governed, exists: true));
    }

    public static IResult Answer(HistoryEdit outcome, string entityId, string attrId, string instanceId) => outcome switch
    {
        HistoryEdit.Done => TypedResults.NoContent(),
        HistoryEdit.NoEntity => new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'")),
        HistoryEdit.NoAttribute => new NgsiProblemResult(NgsiProblem.ResourceNotFound($"entity '{entityId}' has no property '{attrId}' with history")),
        _ => new NgsiProblemResult(NgsiProblem.ResourceNotFound($"attribute '{attrId}' of '{entityId}' has no instance '{instanceId}'")),
    };
}
