using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CityMesh.Access;
using CityMesh.Transport.Network;
using CityMesh.Transport.Routing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityMesh.Transport.Tests.Routing;

/// <summary><c>POST /transport/routes</c> over HTTP: answers, problem details naming the field, readiness, authentication.</summary>
public sealed class RoutingEndpointTests : IAsyncLifetime
{
    private readonly TransportView _view = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_view);
        builder.Services.AddProblemDetails();
        builder.Services.AddRoutePlanning(builder.Configuration);
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, _ => { });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Roles.Policy.Viewer, p => p.RequireAuthenticatedUser());
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGroup("/transport").MapRoutes();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Add(HeaderAuthentication.Header, "viewer");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Before_the_twin_is_read_the_answer_is_503_with_retry_after()
    {
        using var response = await Post(Body("intersection_1_1", "intersection_4_3", "emergency"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(RoutingEndpoints.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_route_comes_back_with_roads_eta_and_signals_to_pre_empt()
    {
        _view.Publish(JinanRoads.Network(JinanRoads.Read()));
        using var response = await Post(Body("intersection_1_1", "intersection_4_3", "emergency", "\"departAt\": \"2025-06-02T08:01:00Z\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("emergency", root.GetProperty("vehicle").GetString());
        var roads = root.GetProperty("roads").EnumerateArray().ToList();
        Assert.True(roads.Count >= 5);
        Assert.StartsWith("urn:ngsi-ld:RoadSegment:jinan:", roads[0].GetProperty("road").GetString());
        Assert.Equal("freeFlow", roads[0].GetProperty("basis").GetString());
        var eta = root.GetProperty("etaSeconds").GetDouble();
        Assert.True(eta > 0);
        Assert.Equal(new DateTimeOffset(2025, 6, 2, 8, 1, 0, TimeSpan.Zero).AddSeconds(eta), root.GetProperty("arrivalAt").GetDateTimeOffset());
        var preempt = root.GetProperty("preempt").EnumerateArray().ToList();
        Assert.Equal(roads.Count - 1, preempt.Count);
        Assert.StartsWith("urn:ngsi-ld:TrafficSignal:jinan:", preempt[0].GetProperty("signal").GetString());
        Assert.Equal(roads[0].GetProperty("road").GetString(), preempt[0].GetProperty("approach").GetString());
    }

    [Theory]
    [InlineData("""{"from": {"intersection": "urn:ngsi-ld:Intersection:jinan:nowhere"}, "to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_4_3"}, "vehicle": "fleet"}""", 404, "from.intersection")]
    [InlineData("""{"to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_4_3"}, "vehicle": "fleet"}""", 400, "from")]
    [InlineData("""{"from": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_1_1", "road": "urn:ngsi-ld:RoadSegment:jinan:road_1_1_0"}, "to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_4_3"}, "vehicle": "fleet"}""", 400, "from")]
    [InlineData("""{"from": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_1_1"}, "to": {"road": "urn:ngsi-ld:RoadSegment:jinan:road_0_1_0"}, "vehicle": "tank"}""", 400, "vehicle")]
    [InlineData("""{"from": {"road": "urn:ngsi-ld:RoadSegment:jinan:road_4_3_0"}, "to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_1_1"}, "vehicle": "fleet"}""", 422, "to")]
    [InlineData("""{"from": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_1_1"}, "to": {"intersection": "urn:ngsi-ld:Intersection:jinan:intersection_4_3"}, "vehicle": "fleet", "departAt": "at eight"}""", 400, "departAt")]
    public async Task Problems_name_the_field(string body, int status, string field)
    {
        _view.Publish(JinanRoads.Network(JinanRoads.Read()));
        using var response = await Post(body);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith(field, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unauthenticated_caller_is_refused()
    {
        _view.Publish(JinanRoads.Network(JinanRoads.Read()));
        using var anonymous = _app.GetTestClient();
        using var response = await anonymous.PostAsync("/transport/routes",
            new StringContent(Body("intersection_1_1", "intersection_4_3", "fleet"), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private Task<HttpResponseMessage> Post(string body) =>
        _client.PostAsync("/transport/routes", new StringContent(body, Encoding.UTF8, "application/json"));

    private static string Body(string from, string to, string vehicle, string? extra = null) =>
        $$"""{"from": {"intersection": "{{JinanRoads.Intersection(from)}}"}, "to": {"intersection": "{{JinanRoads.Intersection(to)}}"}, "vehicle": "{{vehicle}}"{{(extra is null ? "" : ", " + extra)}}}""";

    /// <summary>Authenticates a request that names a role in a header; the governance module's schemes are tested there.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "test-header";
        public const string Header = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue(Header, out var role)
                ? AuthenticateResult.Success(new AuthenticationTicket(
                    new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role.ToString())], SchemeName)), SchemeName))
                : AuthenticateResult.NoResult());
    }
}
