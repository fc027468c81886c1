using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Http;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>
/// <c>POST /jsonldContexts</c>: hosts a context document (<c>{"@context": ...}</c>) at a URL of the twin's own, given in
/// Location, so clients can name it in a Link header. The document is resolved first: terms must be valid and the
/// contexts it names must be had (400 naming the field; 503 LdContextNotAvailable).
/// </summary>
public static class AddContext
{
    public static async Task<IResult> HandleAsync(HttpContext http, ContextSource source, InputLimits limits, CancellationToken ct)
    {
        if (ContextAccess.WriteRefusal(http.User) is { } refused) return new NgsiProblemResult(refused);
        using var body = await NgsiRequestBody.ReadAsync(http.Request, source.Options.MaxDocumentBytes, limits, ct);
        if (body.Root.ValueKind != JsonValueKind.Object || !body.Root.TryGetProperty("@context", out var context))
            throw new NgsiProblemException(NgsiProblem.BadRequestData("a JSON-LD context document is a JSON object with an @context member", "@context"));
        foreach (var member in body.Root.EnumerateObject())
        {
            if (member.Name != "@context")
                throw new NgsiProblemException(NgsiProblem.BadRequestData($"a context document holds @context only, not '{member.Name}'", member.Name));
        }
        await LdContextResolver.FromBodyAsync(context, source, ct);
        var entry = await source.AddHostedAsync(body.Root.GetRawText(), ct);
        return TypedResults.Created(ContextDescription.HostedUrl(http.Request, entry.LocalId));
    }
}
