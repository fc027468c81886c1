using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entities/{id}/attrs</c>: adds attributes to an entity, replacing an instance with the same name and
/// datasetId unless <c>options=noOverwrite</c>. 204, or 207 listing what was not appended; 404 when there is no entity.
/// </summary>
public static class AppendAttributes
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, string id, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var entityId = EntityRoute.Id(id);
        var overwrite = !NoOverwrite(http.Request.Query["options"]);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, limits.EntityBodyBytes, limits, ct);
        var context = body.ContextOf(body.Root);
        var fragment = NgsiLdCodec.ReadFragment(body.Root, context);
        var existing = await twin.Store.GetAsync(entityId, ct);
        if (existing is null) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        var governed = GovernedChanges.Of(existing, fragment.Patch);
        if (!NgsiAccess.IsComputedWrite(http.User, existing.Type, fragment.Patch)
            && NgsiAccess.WriteRefusal(http.User, TwinWrite.Update, existing.Type, governed, exists: true) is { } refused)
            return new NgsiProblemResult(refused);
        var result = await twin.AppendAttributesAsync(entityId, fragment.Patch, overwrite, ct);
        if (!result.EntityFound) return new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
        return AttributeOutcome.Of(result, fragment.Refused, context);
    }

    /// <exception cref="NgsiProblemException">BadRequestData for an option other than noOverwrite.</exception>
    internal static bool NoOverwrite(string? options)
    {
        var noOverwrite = false;
        foreach (var flag in (options ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (flag != "noOverwrite")
                throw new NgsiProblemException(NgsiProblem.BadRequestData($"option '{flag}' is not supported here; use noOverwrite", "options"));
            noOverwrite = true;
        }
        return noOverwrite;
    }
}
