using System.Text.Json;
using CityMesh.Twin.Ngsi.Handlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Twin.Ngsi;

/// <summary>The temporal API (clauses 5.6.11-5.6.12, 5.7.3-5.7.4, 6.18-6.22): history as NGSI-LD's temporal representation.</summary>
public static partial class NgsiLdEndpoints
{
    private static void MapTemporal(RouteGroupBuilder api)
    {
        MapWithBody(api, HttpMethods.Post, "/temporal/entities", CreateTemporalEntity.HandleAsync)
            .WithName("ngsiCreateTemporalEntity")
            .WithSummary("Create an entity from its temporal representation, or add instances to it")
            .WithDescription("Body: each attribute an array of instances with observedAt. 201 with Location when the entity was created; 204 when it existed.")
            .Produces(StatusCodes.Status201Created)
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

        api.MapGet("/temporal/entities", QueryTemporalEntities.HandleAsync)
            .WithName("ngsiQueryTemporalEntities")
            .WithSummary("Query the history of entities")
            .WithDescription("Entities as GET /entities selects them (type, id, idPattern, q, attrs, geo-query; limit, offset, count), each with its history selected by timerel and lastN; temporalValues or aggregatedValues (aggrMethods, aggrPeriodDuration).")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status406NotAcceptable,
                StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/temporal/entities/{id}", RetrieveTemporalEntity.HandleAsync)
            .WithName("ngsiRetrieveTemporalEntity")
            .WithSummary("Retrieve the history of an entity")
            .WithDescription("Temporal representation: each dynamic property as an array of instances (value, observedAt), filtered by timerel and lastN; temporalValues or aggregatedValues.")
            .Produces<JsonElement>(StatusCodes.Status200OK, NgsiMediaTypes.Json, NgsiMediaTypes.JsonLd)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status406NotAcceptable,
                StatusCodes.Status422UnprocessableEntity);

        api.MapDelete("/temporal/entities/{id}", DeleteEntity.HandleAsync).AddEndpointFilter(WriterOnly(HttpMethods.Delete, "/temporal/entities/{id}"))
            .WithName("ngsiDeleteTemporalEntity")
            .WithSummary("Delete an entity and its history")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        MapWithBody(api, HttpMethods.Post, "/temporal/entities/{id}/attrs", AppendTemporalAttributes.HandleAsync)
            .WithName("ngsiAppendTemporalAttributes")
            .WithSummary("Add attribute instances to an entity's history")
            .WithDescription("Body: a fragment of a temporal representation. 204; 404 when there is no entity.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        api.MapDelete("/temporal/entities/{id}/attrs/{attrId}", DeleteAttribute.HandleAsync)
            .AddEndpointFilter(WriterOnly(HttpMethods.Delete, "/temporal/entities/{id}/attrs/{attrId}"))
            .WithName("ngsiDeleteTemporalAttribute")
            .WithSummary("Delete an attribute's instances and their history")
            .WithDescription("As DELETE /entities/{id}/attrs/{attrId}: the default instance (with its history), datasetId=, or deleteAll=true.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);

        MapWithBody(api, HttpMethods.Patch, "/temporal/entities/{id}/attrs/{attrId}/{instanceId}", ModifyTemporalInstance.HandleAsync)
            .WithName("ngsiModifyTemporalInstance")
            .WithSummary("Modify one instance of an attribute's history")
            .WithDescription("Body: a fragment with the attribute's new value; the instance keeps its observedAt, which its instanceId names.")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

        api.MapDelete("/temporal/entities/{id}/attrs/{attrId}/{instanceId}", DeleteTemporalInstance.HandleAsync)
            .AddEndpointFilter(WriterOnly(HttpMethods.Delete, "/temporal/entities/{id}/attrs/{attrId}/{instanceId}"))
            .WithName("ngsiDeleteTemporalInstance")
            .WithSummary("Delete one instance of an attribute's history")
            .Produces(StatusCodes.Status204NoContent)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
    }
}
