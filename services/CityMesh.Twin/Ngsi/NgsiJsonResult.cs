using System.Text.Json;
using CityMesh.Twin.Ngsi.Codec;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi;

/// <summary>A JSON response written straight to the response pipe with a <see cref="Utf8JsonWriter"/>.</summary>
public sealed class NgsiJsonResult(int status, Action<Utf8JsonWriter> write, NgsiResponseShape? shape = null) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (shape is null) response.ContentType = NgsiMediaTypes.Json;
        else shape.Apply(response);
        using (var w = new Utf8JsonWriter(response.BodyWriter, NgsiLdCodec.WriterOptions)) write(w);
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
