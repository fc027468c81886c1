using System.Globalization;
using System.Text.Json;
using CityMesh.Access;
using CityMesh.Contracts.Twin;
using CityMesh.Limits;
using CityMesh.Twin.Changes;
using CityMesh.Twin.Client.Protocol;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Ngsi.Queries;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Protocol = CityMesh.Twin.Client.Protocol;

namespace CityMesh.Twin.ReadApi;

/// <summary>
/// The twin read API (<c>twin_reader.proto</c>) over the city's own store and change log. Queries are read and checked
/// exactly as the NGSI-LD API's <c>GET /entities</c> reads its parameters, so a filter means the same on both; a bad one
/// is INVALID_ARGUMENT naming the field. Entities are written as that API writes them (normalized, CityMesh's
/// context), and history is aggregated by the store the temporal API reads. Callers need the viewer policy: the city's people and its services; a tenant's callers read their tenant
/// over NGSI-LD only.
/// </summary>
[Authorize(Policy = Roles.Policy.Viewer)]
public sealed class TwinReaderService(TwinService twin, InputLimits limits, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : TwinReader.TwinReaderBase
{
    /// <summary>Changes per message of a watch, and per read of the log.</summary>
    internal const int ChangesPerBatch = 1000;

    /// <summary>An idle watch sends an empty batch this often, so proxies keep the stream and the watcher sees it live.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public override async Task<Protocol.Entity> GetEntity(GetEntityRequest request, ServerCallContext context)
    {
        if (!EntityIdSyntax.IsValid(request.Id)) throw Invalid("id", $"'{Shorten(request.Id)}' is not an absolute URI");
        var projection = Projection(request.Attrs, "attrs");
        var entity = await twin.Store.GetAsync(request.Id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no entity '{request.Id}'"));
        return ToMessage(entity, projection);
    }

    public override async Task QueryEntities(EntityQuery request, IServerStreamWriter<EntityPage> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var pageSize = request.PageSize switch
        {
            0 => Query.EntityQuery.MaxLimit,
            < 0 or > Query.EntityQuery.MaxLimit => throw Invalid("page_size", $"is {request.PageSize}; give 1 to {Query.EntityQuery.MaxLimit}, or 0 for {Query.EntityQuery.MaxLimit}"),
            _ => request.PageSize,
        };
        var query = Read(request, pageSize);
        var projection = query.Attrs?.ToHashSet(StringComparer.Ordinal);
        // Before the first read: every change after this position is either in the answer or still to be watched.
        var position = twin.Changes is { } log ? (await log.HeadAsync(ct)).ToString() : "";
        // Keyset pages (after the last id sent), so an entity created or deleted while the stream is read does not
        // shift the rest of the answer by one and make it skip or repeat an entity, as offsets would.
        string? after = null;
        for (var first = true; ; first = false)
        {
            Query.EntityPage page;
            try
            {
                page = await twin.Store.QueryAsync(query with { IdAfter = after }, ct);
            }
            catch (Query.QueryPatternException e)
            {
                throw Invalid(e.Parameter == "idPattern" ? "id_pattern" : e.Parameter, e.Reason);
            }
            if (!first && page.Items.Count == 0) return; // the last page was full and exactly the end
            var message = new EntityPage { TotalCount = page.TotalCount, Position = first ? position : "" };
            foreach (var entity in page.Items) message.Entities.Add(ToMessage(entity, projection));
            await responseStream.WriteAsync(message, ct);
            if (page.Items.Count < pageSize) return;
            after = page.Items[^1].Id;
        }
    }

    public override async Task WatchChanges(WatchRequest request, IServerStreamWriter<ChangeBatch> responseStream, ServerCallContext context)
    {
        // A watch lasts until its caller goes, or until this server stops: Kestrel's graceful stop waits for open
        // streams, and a watcher in this same process (a domain service's feed) is stopped only after it, so a watch
        // that ignored the stop would hold the whole shutdown to its timeout.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var ct = watching.Token;
        var log = twin.Changes ?? throw new RpcException(new Status(StatusCode.Unimplemented, "this twin keeps no change log"));
        ChangePosition position;
        try
        {
            position = request.FromPosition.Length == 0 ? await log.HeadAsync(ct) : ChangePosition.Parse(request.FromPosition);
        }
        catch (FormatException e)
        {
            throw Invalid("from_position", e.Message);
        }
        // A misspelt type would match nothing and the watch would stay silent for ever: refuse it, naming the field.
        foreach (var type in request.EntityTypes)
            if (!EntityTypes.IsValidName(type)) throw Invalid("entity_types", $"'{Shorten(type)}' is not a valid type name");
        var types = request.EntityTypes.Count == 0 ? null : request.EntityTypes.ToHashSet(StringComparer.Ordinal);
        // The first message says the watch is live (and from where), before anything has changed.
        await responseStream.WriteAsync(new ChangeBatch { Position = position.ToString() }, ct);
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<LoggedChange> changes;
            try
            {
                changes = await log.ReadAfterAsync(position, ChangesPerBatch, ct);
                if (changes.Count == 0)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    idle.CancelAfter(Heartbeat);
                    try
                    {
                        await log.WaitAsync(position, idle.Token);
                        continue;
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await responseStream.WriteAsync(new ChangeBatch { Position = position.ToString() }, ct);
                        continue;
                    }
                }
            }
            catch (ChangePositionGoneException e)
            {
                throw new RpcException(new Status(StatusCode.OutOfRange, e.Message));
            }
            var batch = new ChangeBatch();
            foreach (var logged in changes)
            {
                if (types is null || types.Contains(logged.EntityType))
                    batch.Changes.Add(new Change { Position = logged.Position.ToString(), TwinChangeJson = logged.Json });
            }
            position = changes[^1].Position;
            batch.Position = position.ToString();
            await responseStream.WriteAsync(batch, ct);
        }
    }

    /// <summary>The most entities one history call may name: a query's id list's limit.</summary>
    internal const int MaxHistoryIds = 100;

    /// <summary>The most periods one history call may span, so an answer stays a bounded message.</summary>
    internal const int MaxHistoryPeriods = 10_000;

    private static readonly Query.TemporalAggregation HistoryMethods = new(
        [Query.AggregationMethod.TotalCount, Query.AggregationMethod.Avg, Query.AggregationMethod.Min, Query.AggregationMethod.Max], null);

    public override async Task<HistoryAnswer> AggregateHistory(HistoryQuery request, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (request.Ids.Count is 0 or > MaxHistoryIds) throw Invalid("ids", $"names {request.Ids.Count} entities; give 1 to {MaxHistoryIds}");
        foreach (var id in request.Ids)
            if (!EntityIdSyntax.IsValid(id)) throw Invalid("ids", $"'{Shorten(id)}' is not an absolute URI");
        if (request.Attrs.Count == 0) throw Invalid("attrs", "is empty; name the attributes to aggregate");
        Projection(request.Attrs, "attrs"); // refuses what GET /temporal/entities would
        var names = request.Attrs.Distinct(StringComparer.Ordinal).Select(a => (Asked: a, Stored: LdContext.CityMesh.ToStored(a))).ToList();
        if (request.TimeAt is null) throw Invalid("time_at", "is required");
        if (request.EndTimeAt is null) throw Invalid("end_time_at", "is required");
        var (from, to) = (request.TimeAt.ToDateTimeOffset(), request.EndTimeAt.ToDateTimeOffset());
        if (to <= from) throw Invalid("end_time_at", $"{to:O} is not after time_at {from:O}");
        if (request.PeriodSeconds < 1) throw Invalid("period_seconds", $"is {request.PeriodSeconds}; give at least 1");
        var period = TimeSpan.FromSeconds(request.PeriodSeconds);
        if ((to - from).Ticks / period.Ticks >= MaxHistoryPeriods)
            throw Invalid("period_seconds", $"{request.PeriodSeconds} s makes more than {MaxHistoryPeriods} periods of the range; give a longer period or a shorter range");

        var aggregation = HistoryMethods with { Period = period };
        var stored = names.Select(n => n.Stored).ToList();
        var answer = new HistoryAnswer();
        foreach (var id in request.Ids.Distinct(StringComparer.Ordinal))
        {
            var aggregated = await twin.Store.AggregateHistoryAsync(new Query.TemporalQuery(id, stored, Query.TimeRelation.Between, from, to), aggregation, ct);
            if (aggregated is null) continue;
            var entity = new EntityHistory { Id = aggregated.Id, Type = aggregated.Type };
            foreach (var (asked, name) in names)
            {
                if (!aggregated.Attributes.TryGetValue(name, out var attribute)) continue;
                var history = new AttributeHistory { Name = asked };
                foreach (var p in attribute.Periods)
                    if (p.Avg is { } mean)
                        history.Periods.Add(new HistoryPeriod { Index = p.Bucket, Count = p.TotalCount, Mean = mean, Min = p.Min ?? mean, Max = p.Max ?? mean });
                if (history.Periods.Count > 0) entity.Attributes.Add(history);
            }
            answer.Entities.Add(entity);
        }
        return answer;
    }

    /// <summary>The request as the NGSI-LD API's query parameters, read by the same reader.</summary>
    private Query.EntityQuery Read(EntityQuery request, int pageSize)
    {
        var parameters = new EntityQueryParameters
        {
            Id = request.Ids.Count == 0 ? null : Joined(request.Ids, "ids"),
            Type = request.EntityTypes.Count == 0 ? null : Joined(request.EntityTypes, "entity_types"),
            IdPattern = Empty(request.IdPattern),
            Q = Empty(request.Q),
            Attrs = request.Attrs.Count == 0 ? null : Joined(request.Attrs, "attrs"),
            Limit = pageSize.ToString(CultureInfo.InvariantCulture),
        };
        parameters = request.Geo?.FilterCase switch
        {
            GeoFilter.FilterOneofCase.Near => parameters with
            {
                Georel = $"near;maxDistance=={Number(request.Geo.Near.MaxDistanceM)}",
                Geometry = "Point",
                Coordinates = $"[{Number(request.Geo.Near.Longitude)},{Number(request.Geo.Near.Latitude)}]",
            },
            GeoFilter.FilterOneofCase.Box => parameters with
            {
                Georel = "intersects",
                Geometry = "Polygon",
                Coordinates = Box(request.Geo.Box),
            },
            _ => parameters,
        };
        try
        {
            return EntityQueryReader.Read(parameters, LdContext.CityMesh, limits).Query;
        }
        catch (NgsiProblemException e)
        {
            throw Invalid(FieldName(e.Problem.Field), e.Problem.Detail);
        }
        catch (Query.QueryParseException e)
        {
            throw Invalid("q", e.Message);
        }
    }

    private static IReadOnlySet<string>? Projection(IReadOnlyCollection<string> attrs, string field)
    {
        if (attrs.Count == 0) return null;
        try
        {
            return NameList.Stored(Joined(attrs, field), LdContext.CityMesh, field);
        }
        catch (NgsiProblemException e)
        {
            throw Invalid(field, e.Problem.Detail);
        }
    }

    private static Protocol.Entity ToMessage(Model.Entity entity, IReadOnlySet<string>? projection)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, NgsiLdCodec.WriterOptions))
            NgsiLdCodec.WriteEntity(writer, entity, projection is null ? NgsiRepresentation.Normalized : NgsiRepresentation.Normalized with { Attrs = projection });
        return new Protocol.Entity { Id = entity.Id, Type = entity.Type, NgsiLdJson = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) };
    }

    /// <summary>A list as the NGSI-LD API takes it; a comma inside one item would split it, so it is refused.</summary>
    private static string Joined(IReadOnlyCollection<string> items, string field)
    {
        foreach (var item in items)
            if (item.Length == 0 || item.Contains(',')) throw Invalid(field, $"'{Shorten(item)}' is empty or holds a comma");
        return string.Join(',', items);
    }

    private static string Box(BoundingBox b)
    {
        if (!(b.West < b.East && b.South < b.North)) throw Invalid("geo.box", "needs west < east and south < north");
        var (w, s, e, n) = (Number(b.West), Number(b.South), Number(b.East), Number(b.North));
        return $"[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Empty(string text) => text.Length == 0 ? null : text;

    /// <summary>The NGSI-LD parameter a problem names, as this API's field.</summary>
    private static string FieldName(string? ngsi) => ngsi switch
    {
        null => "query",
        "id" => "ids",
        "type" => "entity_types",
        "idPattern" => "id_pattern",
        "georel" or "geometry" or "coordinates" => "geo",
        "limit" => "page_size",
        _ => ngsi,
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static RpcException Invalid(string field, string reason) => new(new Status(StatusCode.InvalidArgument, $"{field}: {reason}"));
}
