using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Storage.Postgres;
using CityMesh.Twin.Tests.Storage;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Abuse;

/// <summary>
/// What an attacker or a careless client sends the NGSI-LD API, over HTTP, on each store: seeded fuzzing of bodies,
/// query parameters and headers within a bounded time, plus one test per finding of the review. Whatever is sent, the
/// answer is never 5xx, every 4xx is an NGSI-LD problem with a type and a detail, no request hangs, and a refused
/// write changes nothing.
/// </summary>
public abstract class NgsiAbuseTests : IAsyncLifetime
{
    private const string Base = "/ngsi-ld/v1";
    private const string Target = "urn:ngsi-ld:RoadSegment:abuse:target";

    /// <summary>How long one fuzz test may send requests: a bound on the run, not an assertion.</summary>
    private static readonly TimeSpan FuzzTime = TimeSpan.FromSeconds(15);

    private static readonly InputLimits Limits = InputLimits.Default with { RegexTimePerRequest = TimeSpan.FromMilliseconds(200) };

    private ITwinStore _store = null!;
    private NgsiTestHost _host = null!;

    protected HttpClient Http => _host.Http;

    protected abstract Task<ITwinStore> CreateStoreAsync();

    /// <summary>Whether the store's regex engine backtracks (.NET) and so must run out of budget on a crafted pattern.</summary>
    protected abstract bool RegexBacktracks { get; }

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.InitializeAsync();
        _host = await NgsiTestHost.StartAsync(_store, Limits);
        await ExpectAsync(await PostAsync("/entities", Road(Target)), HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _store.DisposeAsync();
    }

    // ---- the review's findings, one by one ---------------------------------------------------------------------

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as UTF-8
    public async Task Invalid_utf8_in_a_string_is_400_naming_the_field(byte[] bad)
    {
        var body = Splice(Road("urn:ngsi-ld:RoadSegment:abuse:utf8", name: "Elm@"), "@", bad);
        var problem = await ExpectProblemAsync(await PostAsync("/entities", body), HttpStatusCode.BadRequest, "BadRequestData", "name.value");
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
        await ExpectAsync(await Http.GetAsync(EntityUrl("urn:ngsi-ld:RoadSegment:abuse:utf8")), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Elm\\u0000", "name.value")]
    [InlineData("Elm\\ud800", "name.value")]
    public async Task Nul_and_lone_surrogates_are_400_naming_the_field_on_every_store(string name, string field)
    {
        var response = await PostAsync("/entities", Road("urn:ngsi-ld:RoadSegment:abuse:nul", name: name));
        await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", field);
        var attribute = await Http.PatchAsync(EntityUrl(Target) + "/attrs", Json($$$"""{"name": {"type": "Property", "value": "{{{name}}}"}}"""));
        await ExpectProblemAsync(attribute, HttpStatusCode.BadRequest, "BadRequestData", field);
        var key = await PostAsync("/entities", """{"id": "urn:ngsi-ld:RoadSegment:abuse:key", "type": "RoadSegment", "na\u0000me": {"type": "Property", "value": 1}}""");
        await ExpectProblemAsync(key, HttpStatusCode.BadRequest, "BadRequestData", "(member 2)");
        Assert.Equal("Elm", (await GetEntityAsync(Target)).GetProperty("name").GetProperty("value").GetString());
    }

    [Fact]
    public async Task One_bad_entity_in_a_batch_fails_alone_and_the_others_are_written()
    {
        var ids = Enumerable.Range(0, 3).Select(i => $"urn:ngsi-ld:RoadSegment:abuse:batch{i}").ToArray();
        var body = Encoding.UTF8.GetBytes($"[{Road(ids[0])}, {Road(ids[1], name: "Elm\\u0000")}, {Road(ids[2], name: "Elm@")}, {Road(ids[2].Replace("batch2", "batch3"))}]");
        var response = await PostAsync("/entityOperations/upsert", Splice(body, "@", [0xFF]));

        var text = await ExpectAsync(response, HttpStatusCode.MultiStatus);
        using var result = JsonDocument.Parse(text);
        Assert.Equal([ids[0], ids[2].Replace("batch2", "batch3")], result.RootElement.GetProperty("success").EnumerateArray().Select(e => e.GetString()));
        var errors = result.RootElement.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal([ids[1], ids[2]], errors.Select(e => e.GetProperty("entityId").GetString()));
        Assert.Equal(["[1].name.value", "[2].name.value"], errors.Select(e => e.GetProperty("error").GetProperty("field").GetString()));
        await ExpectAsync(await Http.GetAsync(EntityUrl(ids[0])), HttpStatusCode.OK);
        await ExpectAsync(await Http.GetAsync(EntityUrl(ids[1])), HttpStatusCode.NotFound);
        await ExpectAsync(await Http.GetAsync(EntityUrl(ids[2])), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_crafted_id_pattern_spends_one_budget_for_the_whole_query()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"urn:ngsi-ld:RoadSegment:abuse:{new string('a', 30)}-{i}");
        var batch = string.Join(",", ids.Select(id => Road(id, name: id)));
        await ExpectAsync(await PostAsync("/entityOperations/upsert", $"[{batch}]"), HttpStatusCode.Created);
        const string pattern = "^urn:ngsi-ld:RoadSegment:abuse:(a*)(a*)(a*)(a*)(a*)(a*)\\6\\5\\4\\3\\2\\1(a+)+$";

        foreach (var (query, parameter) in new[] { ($"idPattern={Uri.EscapeDataString(pattern)}", "idPattern"), ($"q=name~={Uri.EscapeDataString($"\"{pattern.Replace("\\", "\\\\")}\"")}", "q") })
        {
            var response = await Http.GetAsync($"{Base}/entities?{query}");
            if (RegexBacktracks || response.StatusCode != HttpStatusCode.OK)
            {
                var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", parameter);
                Assert.Contains("200 ms in all", problem.GetProperty("detail").GetString());
            }
        }
    }

    [Theory]
    [InlineData("limit=2147483648", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("offset=2147483648", "offset")]
    [InlineData("offset=-1", "offset")]
    [InlineData("georel=near;maxDistance==1e999&geometry=Point&coordinates=[8,47]", "georel")]
    [InlineData("georel=near;maxDistance==NaN&geometry=Point&coordinates=[8,47]", "georel")]
    [InlineData("georel=intersects&geometry=Point&coordinates=[1e999,47]", "coordinates[0]")]
    [InlineData("georel=intersects&geometry=Point&coordinates=[8,99999999999999999999]", "coordinates[1]")]
    public async Task Overflowing_numeric_parameters_are_400_naming_the_parameter(string query, string field) =>
        await ExpectProblemAsync(await Http.GetAsync($"{Base}/entities?{query}"), HttpStatusCode.BadRequest, "BadRequestData", field);

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-1")]
    [InlineData("1e3")]
    public async Task An_overflowing_last_n_is_400_naming_it(string lastN) =>
        await ExpectProblemAsync(await Http.GetAsync($"{Base}/temporal/entities/{Uri.EscapeDataString(Target)}?lastN={lastN}"),
            HttpStatusCode.BadRequest, "BadRequestData", "lastN");

    [Fact]
    public async Task The_largest_offset_and_last_n_answer_empty_not_500()
    {
        var page = await ExpectAsync(await Http.GetAsync($"{Base}/entities?offset=2147483647&limit=1000"), HttpStatusCode.OK);
        Assert.Equal("[]", page);
        await ExpectAsync(await Http.GetAsync($"{Base}/temporal/entities/{Uri.EscapeDataString(Target)}?lastN=2147483647"), HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("FFFFFFFFFFFFFFFFFFFF")]
    [InlineData("1FFFFFFFF")]
    [InlineData("-1")]
    [InlineData("zz")]
    public async Task An_overflowing_chunk_size_is_a_4xx_not_500(string chunkSize)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(_host.Address.Host, _host.Address.Port);
        var stream = socket.GetStream();
        stream.ReadTimeout = 20_000;
        var request = $"POST {Base}/entities HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunkSize}\r\n{{\"id\"\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var status = Encoding.ASCII.GetString(buffer, 0, read).Split(' ', 3)[1];
        Assert.True(status.StartsWith('4'), $"answered {status}; server log: {LastError()}");
    }

    [Theory]
    [InlineData("2026-03-01T08:00:00", "speed.observedAt")]
    [InlineData("2026-03-01T10:00:00+02:00", "speed.observedAt")]
    [InlineData("2026-03-01T08:00", "speed.observedAt")]
    public async Task An_observed_at_not_in_utc_with_z_is_400(string observedAt, string field)
    {
        var response = await PostAsync("/entities", Road("urn:ngsi-ld:RoadSegment:abuse:time", observedAt: observedAt));
        var problem = await ExpectProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", field);
        Assert.Contains("trailing Z", problem.GetProperty("detail").GetString());
        await ExpectProblemAsync(await Http.GetAsync($"{Base}/temporal/entities/{Uri.EscapeDataString(Target)}?timerel=after&timeAt={Uri.EscapeDataString(observedAt)}"),
            HttpStatusCode.BadRequest, "BadRequestData", "timeAt");
    }

    [Theory]
    [InlineData("""{"type": "Property", "value": 1, "value": 2}""", "speed.value")]
    [InlineData("""{"type": "Property", "type": "Relationship", "value": 1}""", "speed.type")]
    [InlineData("""{"type": "Property", "value": {"a": 1, "a": 2}}""", "speed.value.a")]
    public async Task A_member_name_given_twice_is_400_naming_it(string speed, string field)
    {
        var body = $$"""{"id": "urn:ngsi-ld:RoadSegment:abuse:dup", "type": "RoadSegment", "speed": {{speed}}}""";
        var problem = await ExpectProblemAsync(await PostAsync("/entities", body), HttpStatusCode.BadRequest, "BadRequestData", field);
        Assert.Contains("twice", problem.GetProperty("detail").GetString());
        var patch = await Http.PatchAsync(EntityUrl(Target) + "/attrs", Json($$"""{"speed": {{speed}}}"""));
        await ExpectProblemAsync(patch, HttpStatusCode.BadRequest, "BadRequestData", field);
        var batch = await PostAsync("/entityOperations/upsert", $"[{Road("urn:ngsi-ld:RoadSegment:abuse:dupok")}, {body}]");
        using var result = JsonDocument.Parse(await ExpectAsync(batch, HttpStatusCode.MultiStatus));
        Assert.Equal($"[1].{field}", result.RootElement.GetProperty("errors")[0].GetProperty("error").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=iso-8859-1", "iso-8859-1")]
    [InlineData("application/json; charset=utf-16", "utf-16")]
    [InlineData("application/ld+json; charset=windows-1252", "windows-1252")]
    public async Task A_charset_other_than_utf8_is_415_naming_it(string contentType, string charset)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(Road("urn:ngsi-ld:RoadSegment:abuse:latin", name: "Stra\u00dfe")));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await Http.PostAsync($"{Base}/entities", content);
        var problem = await ExpectProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "InvalidRequest", "Content-Type");
        Assert.Contains(charset, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_refused_remote_context_is_logged_as_one_line_without_a_stack_trace()
    {
        var content = Json(Road("urn:ngsi-ld:RoadSegment:abuse:ctx"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Base}/entities") { Content = content };
        request.Headers.TryAddWithoutValidation("Link", "<https://example.org/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        await ExpectProblemAsync(await Http.SendAsync(request), HttpStatusCode.ServiceUnavailable, "LdContextNotAvailable", "Link");

        var entry = Assert.Single(_host.Log.Entries, e => e.Message.Contains("example.org", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Null(entry.Exception);
        Assert.DoesNotContain('\n', entry.Message);
    }

    // ---- seeded fuzzing ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fuzzed_bodies_never_answer_5xx_and_refused_writes_change_nothing()
    {
        var random = new Random(20260301);
        var watch = Stopwatch.StartNew();
        var sent = 0;
        for (var i = 0; i < 600 && watch.Elapsed < FuzzTime; i++, sent++)
        {
            var id = $"urn:ngsi-ld:RoadSegment:abuse:f{i}";
            var entity = Road(id, geometry: BodyMutations.Geometry(random));
            // PATCH /attrs takes attributes only: the same body without id and type.
            if (i % 3 == 1) entity = "{" + entity[(entity.IndexOf("\"location\"", StringComparison.Ordinal))..];
            var body = BodyMutations.Mutate(random, Encoding.UTF8.GetBytes(entity));
            var countBefore = await _store.CountAsync();
            var targetBefore = await GetEntityTextAsync(Target);
            var (path, method) = (i % 3) switch
            {
                0 => ("/entities", HttpMethod.Post),
                1 => ($"/entities/{Uri.EscapeDataString(Target)}/attrs", HttpMethod.Patch),
                _ => ("/entityOperations/upsert", HttpMethod.Post),
            };
            if (i % 3 == 2) body = [.. "["u8, .. body, .. "]"u8];
            using var request = new HttpRequestMessage(method, Base + path) { Content = Json(body, random.Next(4) == 0 ? "application/ld+json" : "application/json") };
            var response = await Http.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await AssertAnsweredAsync(response, $"{method} {path} with {Describe(body)}");
            if (status >= 400)
            {
                Assert.Equal(countBefore, await _store.CountAsync());
                Assert.Equal(targetBefore, await GetEntityTextAsync(Target));
            }
            else if (status == 207 && i % 3 == 2)
            {
                // A one-entity batch answered 207 refused its entity: nothing was written.
                Assert.Equal(countBefore, await _store.CountAsync());
                Assert.Contains("\"errors\"", text);
            }
        }
        Assert.True(sent >= 50, $"only {sent} fuzzed bodies were sent in {FuzzTime}");
    }

    [Fact]
    public async Task Fuzzed_query_parameters_never_answer_5xx()
    {
        var random = new Random(20260302);
        var watch = Stopwatch.StartNew();
        var sent = 0;
        for (var i = 0; i < 800 && watch.Elapsed < FuzzTime; i++, sent++)
        {
            var query = QueryMutations.Next(random);
            var path = i % 5 == 4 ? $"/temporal/entities/{Uri.EscapeDataString(Target)}?{query}" : $"/entities?{query}";
            await AssertAnsweredAsync(await Http.GetAsync(Base + path), $"GET {path}");
        }
        Assert.True(sent >= 50, $"only {sent} fuzzed queries were sent in {FuzzTime}");
    }

    [Fact]
    public async Task Odd_headers_never_answer_5xx()
    {
        var random = new Random(20260303);
        string[] contentTypes =
        [
            "application/json", "application/json; charset=utf-8", "application/json; charset=UTF8", "application/json; charset=latin1",
            "application/json; charset=\"utf-8\"", "application/json;;", "application/json; charset=", "application/ld+json; profile=x",
            "application/*", "*/*", "text/json", "application/json; charset=utf-8; charset=utf-16", "application/json; charset=utf-8, text/plain",
        ];
        string[] links =
        [
            "", "<>", "<https://example.org/c.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"", "garbage",
            "<https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"",
            "<a>; rel=\"http://www.w3.org/ns/json-ld#context\", <b>; rel=\"http://www.w3.org/ns/json-ld#context\"",
            "<" + new string('x', 4000) + ">; rel=\"http://www.w3.org/ns/json-ld#context\"", "<urn:x>; rel=\"http://www.w3.org/ns/json-ld#context",
        ];
        string[] accepts = ["", "*/*", "text/html", "application/ld+json;q=0", "application/json;q=abc", "application/json, application/ld+json;q=0.9", ";;;"];
        var countBefore = await _store.CountAsync();
        var targetBefore = await GetEntityTextAsync(Target);
        for (var i = 0; i < 150; i++)
        {
            var contentType = contentTypes[random.Next(contentTypes.Length)];
            var link = links[random.Next(links.Length)];
            var accept = accepts[random.Next(accepts.Length)];
            var patch = random.Next(2) == 0;
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(patch ? """{"speed": {"type": "Property", "value": 1}}""" : Road(Target)));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var request = new HttpRequestMessage(patch ? HttpMethod.Patch : HttpMethod.Post, Base + (patch ? $"/entities/{Uri.EscapeDataString(Target)}/attrs" : "/entities")) { Content = content };
            if (link.Length > 0) request.Headers.TryAddWithoutValidation("Link", link);
            if (accept.Length > 0) request.Headers.TryAddWithoutValidation("Accept", accept);
            var response = await Http.SendAsync(request);
            await AssertAnsweredAsync(response, $"{request.Method} with Content-Type '{contentType}', Link '{link[..Math.Min(60, link.Length)]}', Accept '{accept}'");
            if (response.IsSuccessStatusCode) targetBefore = await GetEntityTextAsync(Target);
            else Assert.Equal(targetBefore, await GetEntityTextAsync(Target));
            var get = new HttpRequestMessage(HttpMethod.Get, $"{Base}/entities?type=RoadSegment&limit=1");
            if (link.Length > 0) get.Headers.TryAddWithoutValidation("Link", link);
            if (accept.Length > 0) get.Headers.TryAddWithoutValidation("Accept", accept);
            await AssertAnsweredAsync(await Http.SendAsync(get), $"GET with Link '{link[..Math.Min(60, link.Length)]}', Accept '{accept}'");
        }
        Assert.Equal(countBefore, await _store.CountAsync()); // the POSTs all named the existing target: 409 or refused
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>No 5xx (503 for a context the twin does not fetch is a refusal, and still a problem); a problem on every error.</summary>
    private async Task<string> AssertAnsweredAsync(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500 || status == 503, $"{what} answered {status}: {text}\nserver log: {LastError()}");
        if (status < 400) return text;
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{what} answered {status} without a JSON problem: {text}");
        using var problem = JsonDocument.Parse(text);
        Assert.StartsWith("https://uri.etsi.org/ngsi-ld/errors/", problem.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()), $"{what}: a problem without detail");
        Assert.DoesNotContain("   at ", text);
        return text;
    }

    private async Task<string> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}\nserver log: {LastError()}");
        return text;
    }

    /// <summary>The server's last logged error with its stack trace, to say why a request failed.</summary>
    private string LastError() => _host.Log.Entries.LastOrDefault(e => e.Level >= LogLevel.Error) is { Message: not null } e ? $"{e.Message} {e.Exception}" : "(none)";

    private async Task<JsonElement> ExpectProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string field)
    {
        var text = await ExpectAsync(response, status);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal($"https://uri.etsi.org/ngsi-ld/errors/{type}", problem.GetProperty("type").GetString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) => Http.PostAsync(Base + path, Json(body));

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body) => Http.PostAsync(Base + path, Json(body));

    private async Task<JsonElement> GetEntityAsync(string id) => JsonDocument.Parse(await GetEntityTextAsync(id)).RootElement.Clone();

    private async Task<string> GetEntityTextAsync(string id) => await ExpectAsync(await Http.GetAsync(EntityUrl(id)), HttpStatusCode.OK);

    private static string EntityUrl(string id) => $"{Base}/entities/{Uri.EscapeDataString(id)}";

    private static ByteArrayContent Json(string body, string type = "application/json") => Json(Encoding.UTF8.GetBytes(body), type);

    private static ByteArrayContent Json(byte[] body, string type = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        if (type == "application/ld+json") content = WithContext(body, content);
        return content;
    }

    /// <summary>An ld+json body needs @context; a body that is an object gets the CityMesh one up front.</summary>
    private static ByteArrayContent WithContext(byte[] body, ByteArrayContent original)
    {
        if (body.Length == 0 || body[0] != (byte)'{') return original;
        byte[] withContext = [.. "{\"@context\": \"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld\", "u8, .. body.AsSpan(1)];
        var content = new ByteArrayContent(withContext);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        return content;
    }

    private static byte[] Splice(string text, string marker, byte[] bytes) => Splice(Encoding.UTF8.GetBytes(text), marker, bytes);

    /// <summary>Replaces each <paramref name="marker"/> with raw bytes: how a body gets invalid UTF-8 into a string.</summary>
    private static byte[] Splice(byte[] text, string marker, byte[] bytes)
    {
        var result = new List<byte>(text.Length + bytes.Length);
        var m = Encoding.UTF8.GetBytes(marker);
        for (var i = 0; i < text.Length; i++)
        {
            if (text.AsSpan(i).StartsWith(m))
            {
                result.AddRange(bytes);
                i += m.Length - 1;
            }
            else result.Add(text[i]);
        }
        return [.. result];
    }

    private static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + $"… ({body.Length} bytes)";
    }

    /// <summary>A RoadSegment with the usual attribute kinds.</summary>
    internal static string Road(string id, string name = "Elm", string observedAt = "2026-03-01T08:00:00Z", string? geometry = null) => $$$"""
        {"id": "{{{id}}}", "type": "RoadSegment",
         "location": {"type": "GeoProperty", "value": {{{geometry ?? DefaultGeometry}}}},
         "name": {"type": "Property", "value": "{{{name}}}"},
         "speed": {"type": "Property", "value": 42.5, "unitCode": "KMH", "observedAt": "{{{observedAt}}}"},
         "address": {"type": "Property", "value": {"city": "Zurich", "tags": ["a", 1, true]}},
         "refIntersection": {"type": "Relationship", "object": "urn:ngsi-ld:Intersection:abuse:1"}}
        """;

    private const string DefaultGeometry = """{"type": "LineString", "coordinates": [[8.54, 47.37], [8.55, 47.38]]}""";
}

public sealed class MemoryNgsiAbuseTests : NgsiAbuseTests
{
    protected override bool RegexBacktracks => true;

    protected override Task<ITwinStore> CreateStoreAsync() => Task.FromResult<ITwinStore>(new MemoryTwinStore());
}

public sealed class PostgresNgsiAbuseTests(PostgresClusterFixture fixture) : NgsiAbuseTests, IClassFixture<PostgresClusterFixture>
{
    /// <summary>PostgreSQL's engine answers the crafted patterns in about a millisecond; its statement timeout is the bound.</summary>
    protected override bool RegexBacktracks => false;

    protected override async Task<ITwinStore> CreateStoreAsync() => new PostgresTwinStore(await fixture.FreshSchemaAsync());
}
