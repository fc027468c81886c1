using System.Text.Json;
using CityMesh.Twin.Ngsi.Access;
using CityMesh.Twin.Ngsi.Handlers;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Twin.Ngsi;

/// <summary>The NGSI-LD compatible API of the twin (ETSI GS CIM 009), under <c>/ngsi-ld/v1</c>.</summary>
public static partial class NgsiLdEndpoints
{
    public const string Prefix = "/ngsi-ld/v1";
    private const string Tag = "NGSI-LD";

    public static IEndpointRouteBuilder MapNgsiLd(this IEndpointRouteBuilder endpoints)
    {
        // The Link header's context is resolved (fetched, perhaps) once the tenant is settled, before any handler.
        var api = endpoints.MapGroup(Prefix).WithTags(Tag).AddEndpointFilter<NgsiErrorFilter>().AddEndpointFilter<NgsiTenantFilter>()
            .AddEndpointFilter<JsonLd.LinkContextFilter>();
        Contexts.ContextEndpoints.MapJsonLdContexts(endpoints);

        api.MapGet("/context.jsonld", ContextDocument.Handle)
            .WithName("ngsiLdContext")
            .WithSummary("The CityMesh JSON-LD @context")
            .WithDescription("ETSI core context plus the CityMesh term appearance and entity types, mapped to Smart Data Model IRIs where one exists.")
            .Produces(StatusCodes.Status200OK, contentType: NgsiMediaTypes.JsonLd);

        MapWithBody(api, HttpMethods.Post, "/entities", CreateEntity.HandleAsync)
            .WithName("ngsiCreateEntity")
            .WithSummary("Create an entity")
            .WithDescription("Body: one entity in NGSI-LD normalized form. 201 with Location; 409 AlreadyExists.")
            .Produces(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)
            .Problems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        api.MapGet("/entities", QueryEntities.HandleAsync)
            .WithName("ngsiQueryEntities")
            .WithSummary("Query entities")
            .WithDescription("Filters by id, type, idPattern, q and a geo-query; pages with limit and offset, in id order; count=true sets NGSILD-Results-Count.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status406NotAcceptable,
                StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/entities/{id}", RetrieveEntity.HandleAsync)
            .WithName("ngsiRetrieveEntity")
            .WithSummary("Retrieve an entity")
            .WithDescription("options=keyValues for the simplified form, sysAttrs for createdAt and modifiedAt; attrs projects.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status406NotAcceptable);

        api.MapDelete("/entities/{id}", DeleteEntity.HandleAsync).AddEndpointFilter(WriterOnly(HttpMethods.Delete, "/entities/{id}"))
            .WithName("ngsiDeleteEntity")
            .WithSummary("Delete an entity")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        MapWithBody(api, HttpMethods.Patch, "/entities/{id}/attrs", UpdateAttributes.HandleAsync)
            .WithName("ngsiUpdateAttributes")
            .WithSummary("Update attributes of an entity")
            .WithDescription("Updates attributes the entity already has. 204 when all were updated; 207 lists updated and notUpdated.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Post, "/entities/{id}/attrs", AppendAttributes.HandleAsync)
            .WithName("ngsiAppendAttributes")
            .WithSummary("Append attributes to an entity")
            .WithDescription("Adds attributes (instances by datasetId); options=noOverwrite keeps existing ones. 204 when all were appended; 207 lists updated and notUpdated.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Patch, "/entities/{id}/attrs/{attrId}", PartialAttributeUpdate.HandleAsync)
            .WithName("ngsiPartialAttributeUpdate")
            .WithSummary("Update some members of one attribute")
            .WithDescription("The instance with the body's datasetId (or the default one) keeps what the body does not name. 204; 404 when entity, attribute or instance is missing.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        api.MapDelete("/entities/{id}/attrs/{attrId}", DeleteAttribute.HandleAsync).AddEndpointFilter(WriterOnly(HttpMethods.Patch, "/entities/{id}/attrs/{attrId}"))
            .WithName("ngsiDeleteAttribute")
            .WithSummary("Delete an attribute")
            .WithDescription("The default instance, the one with datasetId=, or every instance with deleteAll=true. 204; 404.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        MapWithBody(api, HttpMethods.Put, "/entities/{id}", ReplaceEntity.HandleAsync)
            .WithName("ngsiReplaceEntity")
            .WithSummary("Replace an entity")
            .WithDescription("The entity becomes exactly the body. 204; 404 when there is no entity.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Post, "/entityOperations/upsert", UpsertEntities.HandleAsync)
            .WithName("ngsiUpsertEntities")
            .WithSummary("Create or update a batch of entities")
            .WithDescription("201 with created ids; 204 when all existed; 207 with success and errors when some entity was invalid (those are not written).")
            .Produces<JsonElement>(StatusCodes.Status201Created, NgsiMediaTypes.Json)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Post, "/entityOperations/create", CreateEntities.HandleAsync)
            .WithName("ngsiCreateEntities")
            .WithSummary("Create a batch of entities")
            .WithDescription("201 with the created ids when all were created; 207 BatchOperationResult {success, errors} when any was invalid or already existed (those are not written).")
            .Produces<JsonElement>(StatusCodes.Status201Created, NgsiMediaTypes.Json)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Post, "/entityOperations/update", UpdateEntities.HandleAsync)
            .WithName("ngsiUpdateEntities")
            .WithSummary("Update a batch of entities")
            .WithDescription("Appends each entity's attributes to the entity held (options=noOverwrite keeps those it has). 204 when all were updated; 207 BatchOperationResult when any was invalid or does not exist.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        MapWithBody(api, HttpMethods.Post, "/entityOperations/delete", DeleteEntities.HandleAsync)
            .WithName("ngsiDeleteEntities")
            .WithSummary("Delete a batch of entities")
            .WithDescription("Body: a JSON array of entity ids. 204 when all were deleted; 207 BatchOperationResult when any id was not a URI or named no entity.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<JsonElement>(StatusCodes.Status207MultiStatus, NgsiMediaTypes.Json)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        // A read: any caller who may query, so not MapWithBody (whose filter admits writers only).
        api.MapPost("/entityOperations/query", QueryEntitiesByPost.HandleAsync)
            .Accepts<JsonElement>(NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .WithName("ngsiQueryEntitiesByPost")
            .WithSummary("Query entities (Query body)")
            .WithDescription("The query of GET /entities as an NGSI-LD Query body (entities, attrs, q, geoQ); limit, offset, count, options and format in the URL. Answered as GET /entities.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status406NotAcceptable,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/types", RetrieveTypes.HandleAsync)
            .WithName("ngsiRetrieveTypes")
            .WithSummary("List the entity types held")
            .WithDescription("An EntityTypeList; details=true: each type (EntityType) with its attribute names. Names are compacted with the request's context.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status406NotAcceptable);

        api.MapGet("/types/{type}", RetrieveType.HandleAsync)
            .WithName("ngsiRetrieveType")
            .WithSummary("Describe one entity type")
            .WithDescription("An EntityTypeInfo: how many entities have the type and, per attribute, its kinds (Property, Relationship, GeoProperty). 404 when none has it.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status406NotAcceptable);

        api.MapGet("/attributes", RetrieveAttributes.HandleAsync)
            .WithName("ngsiRetrieveAttributes")
            .WithSummary("List the attribute names held")
            .WithDescription("An AttributeList; details=true: each attribute (Attribute) with its kinds and the types that have it.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status406NotAcceptable);

        api.MapGet("/attributes/{attrId}", RetrieveAttribute.HandleAsync)
            .WithName("ngsiRetrieveAttribute")
            .WithSummary("Describe one attribute")
            .WithDescription("An Attribute: how many entities have it (attributeCount), its kinds and the types that have it. 404 when none has it.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status406NotAcceptable);


        MapTemporal(api);

        MapSubscriptions(api);
        return endpoints;
    }

    /// <summary>
    /// Maps an endpoint that reads a JSON body. Its Accepts metadata documents the body in OpenAPI, but routing then
    /// answers a Content-Type outside it with a bare 415; an undocumented twin with lower precedence takes those
    /// requests, so the client gets NGSI-LD problem details instead.
    /// </summary>
    private static RouteHandlerBuilder MapWithBody(RouteGroupBuilder api, string method, string pattern, Delegate handler) =>
        MapWithBody(api, method, pattern, handler, WriterOnly(method, pattern));

    /// <param name="callerCheck">Refuses callers before the body is read.</param>
    private static RouteHandlerBuilder MapWithBody(RouteGroupBuilder api, string method, string pattern, Delegate handler,
        Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> callerCheck)
    {
        api.MapMethods(pattern, [method], handler).WithOrder(1).ExcludeFromDescription().AddEndpointFilter(callerCheck);
        return api.MapMethods(pattern, [method], handler).Accepts<JsonElement>(NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd).AddEndpointFilter(callerCheck);
    }

    /// <summary>Refuses a caller who may not write at all before the body is read (see <see cref="NgsiAccess.WriterRefusal"/>).</summary>
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> WriterOnly(string method, string pattern)
    {
        var write = (method, pattern) switch
        {
            ("DELETE", _) or ("POST", "/entityOperations/delete") => TwinWrite.Delete,
            ("POST", "/entities" or "/entityOperations/create") => TwinWrite.Create,
            _ => TwinWrite.Update,
        };
        return async (context, next) => NgsiAccess.WriterRefusal(context.HttpContext.User, write) is { } refused
            ? new NgsiProblemResult(refused)
            : await next(context);
    }

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status, NgsiMediaTypes.Json);
        return builder;
    }
}
