using System.Text.Json;
using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Ngsi.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Server.Tests.Contexts;

/// <summary>
/// Remote contexts through <see cref="ContextSource"/> against a real server on loopback (allowed by
/// <see cref="JsonLdOptions.AllowPrivateTargets"/>): fetched once and cached, refetched after the TTL, nested, and
/// refused when too slow, too big, not JSON-LD, looping or too deep.
/// </summary>
public sealed class ContextSourceTests : IAsyncLifetime
{
    private const string Suite = "https://ngsi-ld-test-suite/context#";
    private ContextServer _server = null!;

    public async Task InitializeAsync() => _server = await ContextServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static ContextSource Source(JsonLdOptions? options = null, TimeProvider? clock = null, ILogger<ContextSource>? logger = null,
        IReadOnlyList<ContextEntry>? preloaded = null) =>
        new(options ?? new JsonLdOptions { AllowPrivateTargets = true }, preloaded ?? [], null, clock ?? TimeProvider.System,
            logger ?? NullLogger<ContextSource>.Instance);

    private static Task<LdContext> LinkAsync(ContextSource source, string url) => LdContextResolver.FromLinkHeaderAsync(
        $"<{url}>; rel=\"{LdContextResolver.ContextRel}\"; type=\"application/ld+json\"", source, CancellationToken.None);

    private static Task<LdContext> BodyAsync(ContextSource source, string json) =>
        LdContextResolver.FromBodyAsync(JsonDocument.Parse(json).RootElement.Clone(), source, CancellationToken.None);

    private static async Task<NgsiProblem> UnavailableAsync(Task<LdContext> resolving)
    {
        var e = await Assert.ThrowsAsync<NgsiProblemException>(() => resolving);
        Assert.Equal(503, e.Problem.Status);
        Assert.Equal(NgsiProblem.TypeBase + "LdContextNotAvailable", e.Problem.Type);
        return e.Problem;
    }

    [Fact]
    public async Task A_context_is_fetched_once_then_served_from_the_cache_counting_hits()
    {
        var source = Source();
        for (var i = 0; i < 3; i++)
        {
            var context = await LinkAsync(source, _server.SuiteUrl);
            Assert.Equal(Suite + "speed", context.Expand("speed"));
            Assert.Equal(_server.SuiteUrl, context.Url);
        }
        Assert.Equal(1, _server.Hits("/suite/ngsi-ld-test-suite.jsonld"));
        var entry = Assert.Single(await source.ListAsync(CancellationToken.None), e => e.Url == _server.SuiteUrl);
        Assert.Equal(ContextKind.Cached, entry.Kind);
        Assert.Equal(3, entry.Hits);
        Assert.NotNull(entry.LastUsage);
    }

    [Fact]
    public async Task After_the_ttl_a_context_is_fetched_again_and_a_failed_refetch_keeps_the_copy()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-03-01T08:00:00Z"));
        var source = Source(new JsonLdOptions { AllowPrivateTargets = true, CacheTtl = TimeSpan.FromMinutes(10) }, clock);
        var url = _server.Serve("/ttl.jsonld", """{"@context": {"speed": "https://v1.example.org/speed"}}""");
        Assert.Equal("https://v1.example.org/speed", (await LinkAsync(source, url)).Expand("speed"));

        _server.Serve("/ttl.jsonld", """{"@context": {"speed": "https://v2.example.org/speed"}}""");
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("https://v1.example.org/speed", (await LinkAsync(source, url)).Expand("speed"));
        Assert.Equal(1, _server.Hits("/ttl.jsonld"));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("https://v2.example.org/speed", (await LinkAsync(source, url)).Expand("speed"));
        Assert.Equal(2, _server.Hits("/ttl.jsonld"));

        _server.Serve("/ttl.jsonld", "not json any more");
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("https://v2.example.org/speed", (await LinkAsync(source, url)).Expand("speed"));
        Assert.Equal(3, _server.Hits("/ttl.jsonld"));
    }

    [Fact]
    public async Task The_suites_compound_context_resolves_both_contexts_it_names_over_http()
    {
        var source = Source();
        var context = await LinkAsync(source, _server.LocalCompoundUrl);
        Assert.Equal(Suite + "OffStreetParking", context.Expand("OffStreetParking"));
        Assert.Equal("https://uri.etsi.org/ngsi-ld/default-context/unknownThing", context.Expand("unknownThing"));
        Assert.Equal("brandName", context.Compact(Suite + "brandName"));
        Assert.Equal(1, _server.Hits("/local/ngsi-ld-test-suite-compound.jsonld"));
        Assert.Equal(1, _server.Hits("/suite/ngsi-ld-test-suite.jsonld"));
        var held = await source.ListAsync(CancellationToken.None);
        Assert.Contains(held, e => e.Url == _server.SuiteUrl && e.Hits == 1);
    }

    [Fact]
    public async Task Preloaded_files_stand_in_for_the_published_urls_without_a_fetch()
    {
        var options = new JsonLdOptions
        {
            PreloadFolder = Path.GetDirectoryName(ContextServer.SuiteFile("ngsi-ld-test-suite.jsonld")),
            Preload =
            [
                new PreloadedContext { Url = ContextServer.SuiteContextUrl, File = "ngsi-ld-test-suite.jsonld" },
                new PreloadedContext { Url = ContextServer.SuiteCompoundUrl, File = "ngsi-ld-test-suite-compound.jsonld" },
            ],
            // Nothing may be fetched at all: a fetch would be refused.
            AllowedHosts = ["contexts.citymesh.invalid"],
        };
        var source = Source(options, preloaded: ContextSource.ReadPreloaded(options.Validated(), DateTimeOffset.UtcNow));
        var context = await LinkAsync(source, ContextServer.SuiteCompoundUrl);
        Assert.Equal(Suite + "fuelLevel", context.Expand("fuelLevel"));

        // The compound served over HTTP names the published term context, which the preloaded file provides.
        var local = Source(new JsonLdOptions { AllowPrivateTargets = true, Preload = options.Preload, PreloadFolder = options.PreloadFolder },
            preloaded: ContextSource.ReadPreloaded(options, DateTimeOffset.UtcNow));
        Assert.Equal(Suite + "fuelLevel", (await LinkAsync(local, _server.CompoundUrl)).Expand("fuelLevel"));
        Assert.Equal(0, _server.Hits("/suite/ngsi-ld-test-suite.jsonld"));
    }

    [Fact]
    public void A_missing_preload_file_stops_start_naming_the_setting()
    {
        var options = new JsonLdOptions { Preload = [new PreloadedContext { Url = "https://contexts.example.org/a.jsonld", File = "/nonexistent/a.jsonld" }] };
        var e = Assert.Throws<InvalidOperationException>(() => ContextSource.ReadPreloaded(options, DateTimeOffset.UtcNow));
        Assert.Contains("CityMesh:JsonLd:Preload:0:File", e.Message);
    }

    [Fact]
    public async Task A_document_over_the_size_limit_is_not_available()
    {
        var problem = await UnavailableAsync(LinkAsync(Source(), _server.Url("/big")));
        Assert.Contains(_server.Url("/big"), problem.Detail);
        Assert.Contains("MaxDocumentBytes", problem.Detail);
        Assert.Equal("Link", problem.Field);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_not_available()
    {
        var source = Source(new JsonLdOptions { AllowPrivateTargets = true, FetchTimeout = TimeSpan.FromMilliseconds(300) });
        var problem = await UnavailableAsync(LinkAsync(source, _server.Url("/slow")));
        Assert.Contains("no answer within", problem.Detail);
    }

    [Theory]
    [InlineData("/html", "not JSON")]
    [InlineData("/fail", "answered 500")]
    [InlineData("/missing.jsonld", "answered 404")]
    public async Task An_answer_that_is_not_a_context_is_not_available(string path, string reason)
    {
        var problem = await UnavailableAsync(LinkAsync(Source(), _server.Url(path)));
        Assert.Contains(reason, problem.Detail);
        Assert.Contains(_server.Url(path), problem.Detail);
    }

    [Fact]
    public async Task Json_that_is_not_a_context_document_or_holds_bad_terms_is_not_available()
    {
        var plain = _server.Serve("/plain.json", """{"speed": 3}""");
        Assert.Contains("not a JSON-LD context document", (await UnavailableAsync(LinkAsync(Source(), plain))).Detail);
        var bad = _server.Serve("/bad-term.jsonld", """{"@context": {"speed": 3}}""");
        var problem = await UnavailableAsync(BodyAsync(Source(), $"[\"{bad}\"]"));
        Assert.Contains("speed", problem.Detail);
        Assert.Equal("@context[0]", problem.Field);
    }

    [Fact]
    public async Task Contexts_that_name_each_other_in_a_loop_are_not_available()
    {
        var a = _server.Url("/loop-a.jsonld");
        var b = _server.Serve("/loop-b.jsonld", $$"""{"@context": ["{{a}}", {"x": "https://x.example.org/x"}]}""");
        _server.Serve("/loop-a.jsonld", $$"""{"@context": "{{b}}"}""");
        Assert.Contains("names itself", (await UnavailableAsync(LinkAsync(Source(), a))).Detail);
    }

    [Fact]
    public async Task Contexts_nested_deeper_than_the_limit_are_not_available()
    {
        var c = _server.Serve("/depth-c.jsonld", """{"@context": {"speed": "https://deep.example.org/speed"}}""");
        var b = _server.Serve("/depth-b.jsonld", $$"""{"@context": ["{{c}}"]}""");
        var a = _server.Serve("/depth-a.jsonld", $$"""{"@context": ["{{b}}"]}""");
        Assert.Equal("https://deep.example.org/speed", (await LinkAsync(Source(new JsonLdOptions { AllowPrivateTargets = true, MaxDepth = 3 }), a)).Expand("speed"));
        Assert.Contains("MaxDepth", (await UnavailableAsync(LinkAsync(Source(new JsonLdOptions { AllowPrivateTargets = true, MaxDepth = 2 }), a))).Detail);
    }

    [Fact]
    public async Task A_host_outside_the_allowlist_is_refused_and_logged_once()
    {
        var logger = new ListLogger();
        var source = Source(new JsonLdOptions { AllowPrivateTargets = true, AllowedHosts = ["*.contexts.example.org"] }, logger: logger);
        for (var i = 0; i < 3; i++) Assert.Contains("AllowedHosts", (await UnavailableAsync(LinkAsync(source, _server.SuiteUrl))).Detail);
        Assert.Equal(0, _server.Hits("/suite/ngsi-ld-test-suite.jsonld"));
        var warning = Assert.Single(logger.Lines);
        Assert.Contains(_server.SuiteUrl, warning);

        var allowed = Source(new JsonLdOptions { AllowPrivateTargets = true, AllowedHosts = ["127.0.0.1"] });
        Assert.Equal(Suite + "speed", (await LinkAsync(allowed, _server.SuiteUrl)).Expand("speed"));
    }

    [Fact]
    public async Task Loopback_is_refused_by_default_by_address_and_by_name()
    {
        var source = Source(new JsonLdOptions());
        Assert.Contains("loopback", (await UnavailableAsync(LinkAsync(source, _server.SuiteUrl))).Detail);
        var byName = _server.SuiteUrl.Replace("127.0.0.1", "localhost");
        Assert.Contains("loopback", (await UnavailableAsync(LinkAsync(source, byName))).Detail);
        var mapped = _server.SuiteUrl.Replace("127.0.0.1", "[::ffff:127.0.0.1]");
        Assert.Contains("loopback", (await UnavailableAsync(LinkAsync(source, mapped))).Detail);
        Assert.Equal(0, _server.Hits("/suite/ngsi-ld-test-suite.jsonld"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.1.2.3/context.jsonld", "private")]
    [InlineData("http://192.168.1.10/context.jsonld", "private")]
    [InlineData("http://100.64.0.1/context.jsonld", "private")]
    [InlineData("http://[fd00::1]/context.jsonld", "private")]
    [InlineData("http://[fe80::1]/context.jsonld", "link-local")]
    [InlineData("http://0.0.0.0/context.jsonld", "unspecified")]
    [InlineData("http://224.0.0.1/context.jsonld", "multicast")]
    [InlineData("ftp://contexts.example.org/context.jsonld", "only http and https")]
    public async Task Internal_addresses_are_refused_without_connecting(string url, string reason) =>
        Assert.Contains(reason, (await UnavailableAsync(LinkAsync(Source(new JsonLdOptions()), url))).Detail);

    [Fact]
    public async Task Allowing_private_targets_still_refuses_the_metadata_address_also_through_a_redirect()
    {
        var source = Source();
        var redirect = _server.Url("/redirect?to=" + Uri.EscapeDataString("http://169.254.169.254/latest/meta-data/"));
        var problem = await UnavailableAsync(LinkAsync(source, redirect));
        Assert.Contains("redirected to http://169.254.169.254/", problem.Detail);
        Assert.Contains("link-local", problem.Detail);

        // A redirect to a host off the allowlist is refused too; to the same host it is followed.
        var listed = Source(new JsonLdOptions { AllowPrivateTargets = true, AllowedHosts = ["127.0.0.1"] });
        var elsewhere = _server.Url("/redirect?to=" + Uri.EscapeDataString(_server.SuiteUrl.Replace("127.0.0.1", "localhost")));
        Assert.Contains("AllowedHosts", (await UnavailableAsync(LinkAsync(listed, elsewhere))).Detail);
        var same = _server.Url("/redirect?to=" + Uri.EscapeDataString(_server.SuiteUrl));
        Assert.Equal(Suite + "name", (await LinkAsync(listed, same)).Expand("name"));
    }

    [Theory]
    [InlineData("8.8.8.8", ContextTargetPolicy.AddressKind.Public)]
    [InlineData("2001:4860:4860::8888", ContextTargetPolicy.AddressKind.Public)]
    [InlineData("127.0.0.2", ContextTargetPolicy.AddressKind.Loopback)]
    [InlineData("::1", ContextTargetPolicy.AddressKind.Loopback)]
    [InlineData("172.16.0.1", ContextTargetPolicy.AddressKind.Private)]
    [InlineData("172.32.0.1", ContextTargetPolicy.AddressKind.Public)]
    [InlineData("::ffff:10.0.0.1", ContextTargetPolicy.AddressKind.Private)]
    [InlineData("::ffff:169.254.169.254", ContextTargetPolicy.AddressKind.LinkLocal)]
    [InlineData("64:ff9b::7f00:1", ContextTargetPolicy.AddressKind.Loopback)]
    [InlineData("fc00::1", ContextTargetPolicy.AddressKind.Private)]
    [InlineData("ff02::1", ContextTargetPolicy.AddressKind.Multicast)]
    [InlineData("::", ContextTargetPolicy.AddressKind.Unspecified)]
    [InlineData("255.255.255.255", ContextTargetPolicy.AddressKind.Reserved)]
    public void Addresses_are_classified_with_ipv4_inside_ipv6_unwrapped(string address, ContextTargetPolicy.AddressKind kind) =>
        Assert.Equal(kind, ContextTargetPolicy.Classify(System.Net.IPAddress.Parse(address)));

    /// <summary>Collects the warnings the source logs.</summary>
    private sealed class ListLogger : ILogger<ContextSource>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add($"{logLevel}: {formatter(state, exception)}");
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
