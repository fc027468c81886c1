using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Server.Tests.Ingestion;
using CityMesh.Twin.Client;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.ReadApi;
using CityMesh.Twin.Storage;
using Grpc.Core;
using Grpc.Health.V1;
using static CityMesh.Server.Tests.Ingestion.GrpcTwinHost;

namespace CityMesh.Server.Tests.ReadApi;

/// <summary>
/// The twin read API end to end: a real server as <c>--target twin</c>, the typed <see cref="TwinReaderClient"/> over
/// h2c, the twin holding two traffic detectors at one point (<see cref="GrpcTwinHost"/>) plus what each test adds.
/// </summary>
public sealed class TwinReaderTests(GrpcTwinHost host) : IClassFixture<GrpcTwinHost>, IDisposable
{
    private readonly TwinReaderClient _reader = TwinReaderClient.Connect(host.Grpc, new ApiKeyHandler(TestAccess.KeyOf("viewer")),
        new TwinReaderOptions { FirstBackoff = TimeSpan.FromMilliseconds(10) });

    public void Dispose() => _reader.Dispose();

    [Fact]
    public async Task Get_returns_the_entity_as_the_NGSI_LD_API_does_and_null_for_none()
    {
        var entity = await _reader.GetAsync(Detector);
        Assert.NotNull(entity);
        Assert.Equal(Detector, entity.Value.GetProperty("id").GetString());
        Assert.Equal("TrafficFlowObserved", entity.Value.GetProperty("type").GetString());
        Assert.Equal("Property", entity.Value.GetProperty("intensity").GetProperty("type").GetString());
        Assert.Equal("urn:ngsi-ld:RoadSegment:jinan:r1", entity.Value.GetProperty("refRoadSegment").GetProperty("object").GetString());

        using var http = new HttpClient { BaseAddress = host.Http };
        http.DefaultRequestHeaders.Add("X-Api-Key", TestAccess.KeyOf("viewer"));
        using var viaHttp = JsonDocument.Parse(await http.GetStringAsync($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(Detector)}"));
        Assert.Equal(viaHttp.RootElement.GetProperty("location").GetRawText(), entity.Value.GetProperty("location").GetRawText());

        Assert.Null(await _reader.GetAsync("urn:ngsi-ld:TrafficFlowObserved:jinan:none"));
    }

    [Fact]
    public async Task Get_refuses_a_malformed_id_naming_the_field()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => _reader.GetAsync("not a uri"));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("id:", e.Status.Detail);
    }

    /// <summary>Readers chunk id lists by TwinQuery.MaxIds (health's feed re-reads every changed ward): the twin takes that many and no more.</summary>
    [Fact]
    public async Task Query_takes_at_most_MaxIds_ids_and_refuses_one_more_naming_the_field()
    {
        var ids = Enumerable.Range(0, TwinQuery.MaxIds + 1).Select(i => $"urn:ngsi-ld:Streetlight:ids:{i}").ToArray();
        Assert.Empty((await _reader.QueryAsync(new TwinQuery { Ids = ids[..TwinQuery.MaxIds] })).Entities);
        var e = await Assert.ThrowsAsync<RpcException>(() => _reader.QueryAsync(new TwinQuery { Ids = ids }));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains($"at most {TwinQuery.MaxIds} items", e.Status.Detail);
    }

    [Fact]
    public async Task Query_pages_end_cleanly_when_the_matches_fill_the_last_page_exactly()
    {
        var city = await SeedAsync("exact", 4);
        var all = await _reader.QueryAsync(new TwinQuery { IdPattern = "^urn:ngsi-ld:Streetlight:exact:", PageSize = 2 });
        Assert.Equal(city.Select(e => e.Id), all.Entities.Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Query_filters_by_type_ids_q_and_distance_and_pages_through_everything()
    {
        var city = await SeedAsync("qry", 5);
        var all = await _reader.QueryAsync(new TwinQuery { Types = ["Streetlight"], PageSize = 2 });
        Assert.Equal(city.Select(e => e.Id), all.Entities.Select(e => e.GetProperty("id").GetString()));
        Assert.NotEmpty(all.Position);

        var some = await _reader.QueryAsync(new TwinQuery { Ids = [city[1].Id, city[3].Id, "urn:ngsi-ld:Streetlight:qry:none"] });
        Assert.Equal([city[1].Id, city[3].Id], some.Entities.Select(e => e.GetProperty("id").GetString()));

        var bright = await _reader.QueryAsync(new TwinQuery { Types = ["Streetlight"], Q = "lumens>=3000", IdPattern = "^urn:ngsi-ld:Streetlight:qry:" });
        Assert.Equal([city[3].Id, city[4].Id], bright.Entities.Select(e => e.GetProperty("id").GetString()));

        // Lamps sit 0.001° of longitude apart (about 89 m at 36.66° N): within 150 m of the first are the first two.
        var near = await _reader.QueryAsync(new TwinQuery { Types = ["Streetlight"], Near = (117.0, 36.66, 150) });
        Assert.Equal([city[0].Id, city[1].Id], near.Entities.Select(e => e.GetProperty("id").GetString()));

        var boxed = await _reader.QueryAsync(new TwinQuery { Types = ["Streetlight"], Box = (117.0025, 36.65, 117.01, 36.67) });
        Assert.Equal([city[3].Id, city[4].Id], boxed.Entities.Select(e => e.GetProperty("id").GetString()));

        var projected = await _reader.QueryAsync(new TwinQuery { Ids = [city[0].Id], Attrs = ["lumens"] });
        var only = Assert.Single(projected.Entities);
        Assert.True(only.TryGetProperty("lumens", out _));
        Assert.False(only.TryGetProperty("powerState", out _));
    }

    [Theory]
    [InlineData("q", "(lumens>3")]
    [InlineData("id_pattern", "([a-")]
    [InlineData("entity_types", "not a type")]
    [InlineData("page_size", "5000")]
    public async Task Query_refuses_bad_input_naming_the_field(string field, string value)
    {
        var query = field switch
        {
            "q" => new TwinQuery { Q = value },
            "id_pattern" => new TwinQuery { IdPattern = value },
            "entity_types" => new TwinQuery { Types = [value] },
            _ => new TwinQuery { PageSize = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };
        var e = await Assert.ThrowsAsync<RpcException>(() => _reader.QueryAsync(query));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith(field + ":", e.Status.Detail);
    }

    [Fact]
    public async Task Watch_from_a_query_position_delivers_every_later_change_in_order_and_resumes_after_any_change()
    {
        var lamps = await SeedAsync("wch", 2);
        var read = await _reader.QueryAsync(new TwinQuery { Types = ["Streetlight"], IdPattern = "^urn:ngsi-ld:Streetlight:wch:" });
        await SetLumensAsync(lamps[0].Id, 111);
        await SetLumensAsync(lamps[1].Id, 222);
        await host.Twin.UpdateAttributesAsync(Detector, new AttributePatch // another type: filtered out
        {
            Properties = new Dictionary<string, Property> { ["congested"] = new(TwinValue.Of(true), null, T0.AddDays(1)) },
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var changes = await TakeAsync(_reader.WatchAsync(read.Position, ["Streetlight"], timeout.Token), 2);
        Assert.Equal([(lamps[0].Id, 111.0), (lamps[1].Id, 222.0)], changes.Select(c => (c.Change.Id, Lumens(c.Change))));
        Assert.All(changes, c => Assert.Equal(TwinChangeKind.Updated, c.Change.Change));

        // Resuming after the first change gives the second, then what happens next.
        var resumed = _reader.WatchAsync(changes[0].Position, ["Streetlight"], timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await resumed.MoveNextAsync());
        Assert.Equal(changes[1].Position, resumed.Current.Position);
        await SetLumensAsync(lamps[0].Id, 333);
        Assert.True(await resumed.MoveNextAsync());
        Assert.Equal((lamps[0].Id, 333.0), (resumed.Current.Change.Id, Lumens(resumed.Current.Change)));
        await resumed.DisposeAsync();
    }

    [Fact]
    public async Task Watch_from_a_position_the_twin_does_not_hold_is_gone_and_a_malformed_one_is_refused()
    {
        var read = await _reader.QueryAsync(new TwinQuery { Ids = [Detector] });
        var epoch = read.Position[..read.Position.LastIndexOf('.')];

        var gone = await Assert.ThrowsAsync<TwinPositionGoneException>(() => TakeAsync(_reader.WatchAsync("0123456789ab.5"), 1));
        Assert.Contains("another change log", gone.Message);
        var future = await Assert.ThrowsAsync<TwinPositionGoneException>(() => TakeAsync(_reader.WatchAsync(epoch + ".999999999"), 1));
        Assert.Contains("ends at", future.Message);
        var bad = await Assert.ThrowsAsync<RpcException>(() => TakeAsync(_reader.WatchAsync("yesterday"), 1));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("from_position:", bad.Status.Detail);
        var type = await Assert.ThrowsAsync<RpcException>(() => TakeAsync(_reader.WatchAsync(null, ["not a type"]), 1));
        Assert.Equal(StatusCode.InvalidArgument, type.StatusCode);
        Assert.StartsWith("entity_types:", type.Status.Detail);
    }

    [Fact]
    public async Task Cancelling_a_watch_ends_it_and_the_twin_lets_it_go()
    {
        using var stop = new CancellationTokenSource();
        var watch = _reader.WatchAsync(null, ct: stop.Token).GetAsyncEnumerator(stop.Token);
        var waiting = watch.MoveNextAsync().AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        stop.Cancel();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => waiting);
        Assert.True(e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }, e.ToString());
        await watch.DisposeAsync();

        // A deadline on a query ends it the same way, as DEADLINE_EXCEEDED, not retried.
        using var slow = TwinReaderClient.Connect(host.Grpc, new ApiKeyHandler(TestAccess.KeyOf("viewer")), new TwinReaderOptions { QueryTimeout = TimeSpan.FromTicks(1) });
        var late = await Assert.ThrowsAsync<RpcException>(() => slow.QueryAsync(new TwinQuery()));
        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);
    }

    [Fact]
    public async Task A_twin_unreachable_for_a_moment_is_tried_again_with_backoff()
    {
        var flaky = new ApiKeyHandler(TestAccess.KeyOf("viewer")) { FailFirst = 2 };
        using var reader = TwinReaderClient.Connect(host.Grpc, flaky, new TwinReaderOptions { FirstBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.NotNull(await reader.GetAsync(Detector));
        Assert.Equal(3, flaky.Sent);

        var dead = new ApiKeyHandler(TestAccess.KeyOf("viewer")) { FailFirst = 100 };
        using var gone = TwinReaderClient.Connect(host.Grpc, dead, new TwinReaderOptions { Attempts = 3, FirstBackoff = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsAsync<RpcException>(() => gone.QueryAsync(new TwinQuery()));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(3, dead.Sent);
    }

    [Fact]
    public async Task Callers_need_credentials_of_the_city_not_of_a_tenant()
    {
        using var anonymous = TwinReaderClient.Connect(host.Grpc);
        var e = await Assert.ThrowsAsync<RpcException>(() => anonymous.GetAsync(Detector));
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);

        using var tenant = TwinReaderClient.Connect(host.Grpc, new ApiKeyHandler(TestAccess.TenantKeyOf("water-utility", "admin")));
        var refused = await Assert.ThrowsAsync<RpcException>(() => tenant.QueryAsync(new TwinQuery()));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    /// <summary>
    /// History per period as the temporal API aggregates it (counted from the range's start): flux 100 at 0:00 and 300 at
    /// 0:30 make the first hour's mean 200, 500 at 1:15 the second's; a text attribute has no mean and an id the twin
    /// lacks no history, so both are left out.
    /// </summary>
    [Fact]
    public async Task AggregateHistory_gives_each_entitys_means_per_period_and_leaves_out_what_has_none()
    {
        var lamp = (await SeedAsync("hist", 1))[0].Id;
        var start = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        await host.Twin.Store.ApplyAsync(
        [
            new Observation(lamp, "flux", TwinValue.Of(100), start), new Observation(lamp, "flux", TwinValue.Of(300), start.AddMinutes(30)),
            new Observation(lamp, "flux", TwinValue.Of(500), start.AddMinutes(75)), new Observation(lamp, "status", TwinValue.Of("ok"), start),
            new Observation(lamp, "flux", TwinValue.Of(900), start.AddHours(3)), // at the range's end: outside it
        ]);

        var history = await _reader.AggregateHistoryAsync([lamp, "urn:ngsi-ld:Streetlight:hist:none"], ["flux", "status"], start, start.AddHours(3), TimeSpan.FromHours(1));

        var only = Assert.Single(history);
        Assert.Equal((lamp, "Streetlight"), (only.Id, only.Type));
        Assert.Equal(["flux"], only.Attributes.Keys);
        Assert.Equal([(start, 2L, 200.0, 100.0, 300.0), (start.AddHours(1), 1L, 500.0, 500.0, 500.0)],
            only.Attributes["flux"].Select(p => (p.Start, p.Count, p.Mean, p.Min, p.Max)));
    }

    [Theory]
    [InlineData("ids")]
    [InlineData("attrs")]
    [InlineData("end_time_at")]
    [InlineData("period_seconds")]
    public async Task AggregateHistory_refuses_bad_input_naming_the_field(string field)
    {
        var start = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var e = await Assert.ThrowsAsync<RpcException>(() => field switch
        {
            "ids" => _reader.AggregateHistoryAsync(["not a uri"], ["flux"], start, start.AddHours(1), TimeSpan.FromHours(1)),
            "attrs" => _reader.AggregateHistoryAsync([Detector], [], start, start.AddHours(1), TimeSpan.FromHours(1)),
            "end_time_at" => _reader.AggregateHistoryAsync([Detector], ["flux"], start, start, TimeSpan.FromHours(1)),
            _ => _reader.AggregateHistoryAsync([Detector], ["flux"], start, start.AddHours(1), TimeSpan.Zero),
        });
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith(field + ":", e.Status.Detail);
    }

    [Fact]
    public async Task Tells_whether_the_twin_serves_and_waits_for_it_until_cancelled()
    {
        Assert.True(await _reader.IsServingAsync());
        await _reader.WaitUntilServingAsync();

        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var nowhere = TwinReaderClient.Connect(new Uri($"http://127.0.0.1:{port}"), options: new TwinReaderOptions { FirstBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.False(await nowhere.IsServingAsync());
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nowhere.WaitUntilServingAsync(stop.Token));
    }

    [Fact]
    public async Task Serves_its_health_status()
    {
        var health = new Grpc.Health.V1.Health.HealthClient(host.Channel());
        var answer = await health.CheckAsync(new HealthCheckRequest { Service = TwinReaderEndpoints.ServiceName });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    /// <summary>Streetlights of a test's own (<paramref name="city"/>), 0.001° apart along a parallel, lumens 1000·i.</summary>
    private async Task<List<Entity>> SeedAsync(string city, int count)
    {
        var lamps = Enumerable.Range(0, count).Select(i => new Entity
        {
            Id = $"urn:ngsi-ld:Streetlight:{city}:{i}",
            Type = "Streetlight",
            Location = new Point(117.0 + i * 0.001, 36.66),
            Properties = new Dictionary<string, Property>
            {
                ["lumens"] = new(TwinValue.Of(1000.0 * i), null, null),
                ["powerState"] = new(TwinValue.Of("on"), null, null),
            },
        }).ToList();
        foreach (var lamp in lamps) await host.Twin.CreateAsync(lamp);
        return lamps;
    }

    private Task SetLumensAsync(string id, double lumens) =>
        host.Twin.UpdateAttributesAsync(id, new AttributePatch { Properties = new Dictionary<string, Property> { ["lumens"] = new(TwinValue.Of(lumens), null, null) } });

    private static double Lumens(TwinChange change) => change.Attributes["lumens"] is JsonElement j ? j.GetDouble() : Convert.ToDouble(change.Attributes["lumens"]);

    private static async Task<List<TwinChangeAt>> TakeAsync(IAsyncEnumerable<TwinChangeAt> watch, int count)
    {
        var taken = new List<TwinChangeAt>();
        await foreach (var change in watch)
        {
            taken.Add(change);
            if (taken.Count == count) break;
        }
        return taken;
    }
}
