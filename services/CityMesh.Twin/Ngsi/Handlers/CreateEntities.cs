using CityMesh.Limits;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Batch;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>
/// <c>POST /entityOperations/create</c> (clause 6.14.3.1): creates each entity. 201 with the created ids when every one
/// was created; 207 BatchOperationResult when any was invalid, refused or already existed (those are not written).
/// </summary>
public static class CreateEntities
{
    public static async Task<IResult> HandleAsync(HttpContext http, TwinTenants tenants, InputLimits limits, CancellationToken ct)
    {
        var twin = tenants.For(http);
        var (valid, outcome) = await BatchEntities.ReadAsync(http.Request, limits, ct);
        var allowed = new List<Model.Entity>(valid.Count);
        foreach (var entity in valid)
        {
            if (NgsiAccess.WriteRefusal(http.User, TwinWrite.Create, entity.Type, [], exists: false) is { } refused) outcome.Failed(entity.Id, refused);
            else allowed.Add(entity);
        }
        var outcomes = allowed.Count > 0 ? await twin.CreateEachAsync(allowed, ct) : [];
        for (var i = 0; i < allowed.Count; i++)
        {
            if (outcomes[i] == WriteOutcome.Created) outcome.Succeeded(allowed[i].Id);
            else outcome.Failed(allowed[i].Id, NgsiProblem.AlreadyExists(allowed[i].Id));
        }
        return outcome.HasErrors ? outcome.MultiStatus() : BatchOutcome.Created(outcome.Success);
    }
}
