using Microsoft.AspNetCore.Http;

namespace CityMesh.Safety;

/// <summary>The safety API's refusals: a problem whose detail starts with the field at fault, which it also names as <c>field</c>.</summary>
internal static class FieldProblem
{
    public static IResult Of(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
