using System.Runtime.CompilerServices;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client.Protocol;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CityMesh.Twin.Client;

/// <summary>
/// The one typed client of the twin read API (<c>twin_reader.proto</c>) for CityMesh's services, workers and tools.
/// Every call has a deadline; a transient failure (UNAVAILABLE: the twin restarting, a connection refused or reset) is
/// tried again with exponential backoff up to <see cref="TwinReaderOptions.Attempts"/>, a query from its start and a
/// watch from the last position it delivered. Other failures surface as the <see cref="RpcException"/> the twin sent
/// (its message names the field at fault), except a watch position the twin no longer holds, which is a
/// <see cref="TwinPositionGoneException"/>.
/// </summary>
public sealed class TwinReaderClient : IDisposable
{
    /// <summary>The name the twin's gRPC health service answers for the read API.</summary>
    public const string ServiceName = "citymesh.twin.v1.TwinReader";

    private readonly TwinReader.TwinReaderClient _grpc;
    private readonly Grpc.Health.V1.Health.HealthClient _health;
    private readonly GrpcChannel? _ownedChannel;

    /// <param name="invoker">A channel's call invoker (with interceptors that add credentials, if any).</param>
    public TwinReaderClient(CallInvoker invoker, TwinReaderOptions? options = null)
    {
        _grpc = new TwinReader.TwinReaderClient(invoker);
        _health = new Grpc.Health.V1.Health.HealthClient(invoker);
        Options = options ?? new TwinReaderOptions();
    }

    private TwinReaderClient(GrpcChannel channel, TwinReaderOptions? options) : this(channel.CreateCallInvoker(), options)
    {
        _ownedChannel = channel;
    }

    public TwinReaderOptions Options { get; }

    /// <summary>A client with a channel of its own to <paramref name="address"/> (the twin's gRPC port, e.g. http://localhost:8081).</summary>
    /// <param name="handler">What sends the requests, e.g. one that adds credentials; a plain one when null.</param>
    public static TwinReaderClient Connect(Uri address, HttpMessageHandler? handler = null, TwinReaderOptions? options = null) =>
        new(GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        }), options);

    /// <summary>
    /// Whether the twin serves the read API now: its gRPC health status for <see cref="ServiceName"/>, SERVING once
    /// its store is ready and its city seeded. False while it cannot be reached.
    /// </summary>
    public async Task<bool> IsServingAsync(CancellationToken ct = default)
    {
        try
        {
            var answer = await _health.CheckAsync(new HealthCheckRequest { Service = ServiceName }, deadline: Deadline(Options.CallTimeout), cancellationToken: ct);
            return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving;
        }
        catch (RpcException e) when (Transient(e) || e.StatusCode is StatusCode.NotFound or StatusCode.DeadlineExceeded)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until the twin serves the read API (<see cref="IsServingAsync"/>), asking again with the client's backoff:
    /// a service starting beside a twin that is still seeding reads a whole city, not half of one.
    /// </summary>
    public async Task WaitUntilServingAsync(CancellationToken ct = default)
    {
        for (var attempt = 1; !await IsServingAsync(ct); attempt++) await Task.Delay(Backoff(attempt), ct);
    }

    /// <summary>The entity, normalized NGSI-LD; null when the twin holds none with that id.</summary>
    public async Task<JsonElement?> GetAsync(string id, CancellationToken ct = default)
    {
        try
        {
            return await WithRetriesAsync(async attempt =>
            {
                var entity = await _grpc.GetEntityAsync(new GetEntityRequest { Id = id }, deadline: Deadline(Options.CallTimeout), cancellationToken: ct);
                return (JsonElement?)Parse(entity);
            }, ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Every entity the query matches, in id order, and the change position to watch from.</summary>
    public Task<TwinRead> QueryAsync(TwinQuery query, CancellationToken ct = default)
    {
        var request = ToRequest(query);
        return WithRetriesAsync(async attempt =>
        {
            using var call = _grpc.QueryEntities(request, deadline: Deadline(Options.QueryTimeout), cancellationToken: ct);
            var entities = new List<JsonElement>();
            var position = "";
            var first = true;
            await foreach (var page in call.ResponseStream.ReadAllAsync(ct))
            {
                if (first) position = page.Position;
                first = false;
                foreach (var entity in page.Entities) entities.Add(Parse(entity));
            }
            return new TwinRead(entities, position);
        }, ct);
    }

    /// <summary>
    /// Each entity's history of <paramref name="attrs"/> from <paramref name="from"/> to <paramref name="to"/>, aggregated
    /// per <paramref name="period"/> counted from <paramref name="from"/> (the temporal API's avg, min, max and count):
    /// one call per <see cref="TwinQuery.MaxIds"/> ids. Ids the twin does not hold are left out; so are attributes and
    /// periods with no number in them.
    /// </summary>
    public async Task<IReadOnlyList<TwinHistory>> AggregateHistoryAsync(IReadOnlyList<string> ids, IReadOnlyList<string> attrs,
        DateTimeOffset from, DateTimeOffset to, TimeSpan period, CancellationToken ct = default)
    {
        var histories = new List<TwinHistory>(ids.Count);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(TwinQuery.MaxIds))
        {
            var request = new HistoryQuery
            {
                TimeAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(from),
                EndTimeAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(to),
                PeriodSeconds = (long)period.TotalSeconds,
            };
            request.Ids.AddRange(chunk);
            request.Attrs.AddRange(attrs);
            var answer = await WithRetriesAsync(_ => _grpc.AggregateHistoryAsync(request, deadline: Deadline(Options.QueryTimeout), cancellationToken: ct).ResponseAsync, ct);
            foreach (var entity in answer.Entities)
                histories.Add(new TwinHistory(entity.Id, entity.Type, entity.Attributes.ToDictionary(a => a.Name,
                    a => (IReadOnlyList<TwinHistoryPeriod>)[.. a.Periods.Select(p => new TwinHistoryPeriod(from + period * p.Index, p.Count, p.Mean, p.Min, p.Max))],
                    StringComparer.Ordinal)));
        }
        return histories;
    }

    /// <summary>
    /// The twin's changes after <paramref name="fromPosition"/> (null: from now) as they happen, until
    /// <paramref name="ct"/> ends the watch. A lost connection is resumed from the last change delivered.
    /// </summary>
    /// <param name="types">Only changes of entities of these types; null or empty: all.</param>
    /// <exception cref="TwinPositionGoneException">The twin no longer holds changes from there: query again.</exception>
    public async IAsyncEnumerable<TwinChangeAt> WatchAsync(string? fromPosition, IReadOnlyList<string>? types = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var position = fromPosition ?? "";
        var failures = 0;
        while (true)
        {
            var request = new WatchRequest { FromPosition = position };
            if (types is not null) request.EntityTypes.AddRange(types);
            using var call = _grpc.WatchChanges(request, cancellationToken: ct);
            var stream = call.ResponseStream;
            while (true)
            {
                bool next;
                try
                {
                    next = await stream.MoveNext(ct);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.OutOfRange)
                {
                    throw new TwinPositionGoneException(position, e.Status.Detail, e);
                }
                catch (RpcException e) when (Transient(e) && !ct.IsCancellationRequested && ++failures < Options.Attempts)
                {
                    await Task.Delay(Backoff(failures), ct);
                    break; // resume from the last position delivered
                }
                if (!next) throw new RpcException(new Status(StatusCode.Unavailable, "the twin ended the watch"));
                failures = 0;
                var batch = stream.Current;
                foreach (var change in batch.Changes)
                {
                    var data = JsonSerializer.Deserialize<TwinChange>(change.TwinChangeJson, TwinChange.Json)
                        ?? throw new InvalidDataException($"the twin sent a change at {change.Position} with no data");
                    position = change.Position;
                    yield return new TwinChangeAt(data, change.Position);
                }
                position = batch.Position;
            }
        }
    }

    private async Task<T> WithRetriesAsync<T>(Func<int, Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(attempt);
            }
            catch (RpcException e) when (Transient(e) && !ct.IsCancellationRequested && attempt < Options.Attempts)
            {
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    /// <summary>What a later attempt may cure: the twin unreachable or restarting. A deadline passed is not tried again.</summary>
    private static bool Transient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.Aborted;

    private TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(Options.MaxBackoff.Ticks, Options.FirstBackoff.Ticks << Math.Min(failures - 1, 16)));

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    private static JsonElement Parse(Protocol.Entity entity)
    {
        using var document = JsonDocument.Parse(entity.NgsiLdJson);
        return document.RootElement.Clone();
    }

    private static EntityQuery ToRequest(TwinQuery query)
    {
        var request = new EntityQuery { IdPattern = query.IdPattern ?? "", Q = query.Q ?? "", PageSize = query.PageSize };
        request.EntityTypes.AddRange(query.Types);
        request.Ids.AddRange(query.Ids);
        request.Attrs.AddRange(query.Attrs);
        if (query.Near is { } near)
            request.Geo = new GeoFilter { Near = new Near { Longitude = near.Longitude, Latitude = near.Latitude, MaxDistanceM = near.MetresAway } };
        else if (query.Box is { } box)
            request.Geo = new GeoFilter { Box = new BoundingBox { West = box.West, South = box.South, East = box.East, North = box.North } };
        return request;
    }

    public void Dispose() => _ownedChannel?.Dispose();
}
