using System.Text.Json;
using CityMesh.Twin.Ngsi.Codec;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Problems;

/// <summary>Writes an NGSI-LD problem as application/json, as the API's error responses are.</summary>
public sealed class NgsiProblemResult(NgsiProblem problem) : IResult, IStatusCodeHttpResult
{
    public NgsiProblem Problem { get; } = problem;

    public int? StatusCode => Problem.Status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Problem.Status;
        response.ContentType = NgsiMediaTypes.Json;
        using (var w = new Utf8JsonWriter(response.BodyWriter, NgsiLdCodec.WriterOptions)) Problem.WriteTo(w);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
