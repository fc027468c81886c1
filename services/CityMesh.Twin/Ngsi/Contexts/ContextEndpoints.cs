using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Twin.Ngsi.Contexts;

/// <summary>
/// The context management API, <c>/ngsi-ld/v1/jsonldContexts</c> (NGSI-LD clauses 5.13 and 6.30-6.31). Not per
/// tenant: contexts are vocabulary the whole twin shares, so there is no tenant filter here.
/// </summary>
public static class ContextEndpoints
{
    public static void MapJsonLdContexts(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(ContextSource.HostedPath).WithTags("NGSI-LD")
            .AddEndpointFilter<NgsiErrorFilter>().AddEndpointFilter<LinkContextFilter>();

        api.MapPost("", AddContext.HandleAsync)
            .Accepts<JsonElement>(NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .WithName("ngsiAddContext")
            .WithSummary("Host a JSON-LD context")
            .WithDescription("Body: {\"@context\": ...}. 201 with Location, the URL the twin serves it at; operators and admins.")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable, NgsiMediaTypes.Json);

        api.MapGet("", ListContexts.HandleAsync)
            .WithName("ngsiListContexts")
            .WithSummary("List the JSON-LD contexts the twin holds")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status400BadRequest, NgsiMediaTypes.Json);

        api.MapGet("/{contextId}", RetrieveContext.HandleAsync)
            .WithName("ngsiServeContext")
            .WithSummary("Serve a hosted JSON-LD context, or describe one (details=true)")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.JsonLd, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status404NotFound, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity, NgsiMediaTypes.Json);

        api.MapDelete("/{contextId}", DeleteContext.HandleAsync)
            .WithName("ngsiDeleteContext")
            .WithSummary("Delete a hosted context, forget a cached one, or reload it (reload=true)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status404NotFound, NgsiMediaTypes.Json)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable, NgsiMediaTypes.Json);
    }
}
