using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary><c>DELETE /entities/{id}</c>: 204, or 404 ResourceNotFound.</summary>
public static class DeleteEntity
{
    public static async Task<IResult> HandleAsync(TwinService twin, string id, CancellationToken ct)
    {
        var entityId = EntityRoute.Id(id);
        return await twin.DeleteAsync(entityId, ct)
            ? TypedResults.NoContent()
            : new NgsiProblemResult(NgsiProblem.ResourceNotFound($"no entity '{entityId}'"));
    }
}
