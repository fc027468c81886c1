using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityMesh.Server.Tests;

/// <summary>The host itself: health, readiness, OpenAPI and target selection.</summary>
public sealed class HostTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    [Fact]
    public async Task Healthz_answers_while_the_process_lives()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_healthy_once_the_store_is_initialised_and_lists_each_check()
    {
        var response = await factory.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Ngsi.JsonOf(response);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["event-bus", "twin-store"], checks.Keys.Order());
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
        Assert.Equal("in-memory bus", checks["event-bus"].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Targets_lists_the_twin()
    {
        var targets = await factory.CreateClient().GetJsonAsync("/targets");
        Assert.Equal(new[] { "twin" }, targets.GetProperty("targets").Strings());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_ngsi_ld_operation()
    {
        var document = await factory.CreateClient().GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var operations = new Dictionary<string, (string Path, string Method, JsonElement Operation)>();
        foreach (var path in paths.EnumerateObject())
        foreach (var method in path.Value.EnumerateObject())
        {
            if (method.Value.ValueKind == JsonValueKind.Object && method.Value.TryGetProperty("operationId", out var id))
                operations[id.GetString()!] = (path.Name, method.Name, method.Value);
        }
        var expected = new Dictionary<string, (string Path, string Method)>
        {
            ["ngsiLdContext"] = ("/ngsi-ld/v1/context.jsonld", "get"),
            ["ngsiCreateEntity"] = ("/ngsi-ld/v1/entities", "post"),
            ["ngsiQueryEntities"] = ("/ngsi-ld/v1/entities", "get"),
            ["ngsiRetrieveEntity"] = ("/ngsi-ld/v1/entities/{id}", "get"),
            ["ngsiDeleteEntity"] = ("/ngsi-ld/v1/entities/{id}", "delete"),
            ["ngsiUpdateAttributes"] = ("/ngsi-ld/v1/entities/{id}/attrs", "patch"),
            ["ngsiUpsertEntities"] = ("/ngsi-ld/v1/entityOperations/upsert", "post"),
            ["ngsiCreateEntities"] = ("/ngsi-ld/v1/entityOperations/create", "post"),
            ["ngsiUpdateEntities"] = ("/ngsi-ld/v1/entityOperations/update", "post"),
            ["ngsiDeleteEntities"] = ("/ngsi-ld/v1/entityOperations/delete", "post"),
            ["ngsiRetrieveTypes"] = ("/ngsi-ld/v1/types", "get"),
            ["ngsiRetrieveType"] = ("/ngsi-ld/v1/types/{type}", "get"),
            ["ngsiRetrieveAttributes"] = ("/ngsi-ld/v1/attributes", "get"),
            ["ngsiRetrieveAttribute"] = ("/ngsi-ld/v1/attributes/{attrId}", "get"),
            ["ngsiRetrieveTemporalEntity"] = ("/ngsi-ld/v1/temporal/entities/{id}", "get"),
            ["ngsiCreateSubscription"] = ("/ngsi-ld/v1/subscriptions", "post"),
            ["ngsiQuerySubscriptions"] = ("/ngsi-ld/v1/subscriptions", "get"),
            ["ngsiRetrieveSubscription"] = ("/ngsi-ld/v1/subscriptions/{id}", "get"),
            ["ngsiUpdateSubscription"] = ("/ngsi-ld/v1/subscriptions/{id}", "patch"),
            ["ngsiDeleteSubscription"] = ("/ngsi-ld/v1/subscriptions/{id}", "delete"),
        };
        foreach (var (operationId, (path, method)) in expected)
        {
            Assert.True(operations.TryGetValue(operationId, out var found), $"no operation {operationId}");
            Assert.Equal(path, found.Path);
            Assert.Equal(method, found.Method);
            Assert.False(string.IsNullOrWhiteSpace(found.Operation.GetProperty("summary").GetString()));
        }
        var create = operations["ngsiCreateEntity"].Operation;
        var bodyTypes = create.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).ToArray();
        Assert.Contains("application/json", bodyTypes);
        Assert.Contains("application/ld+json", bodyTypes);
        Assert.True(create.GetProperty("responses").TryGetProperty("409", out _));
        var query = operations["ngsiQueryEntities"].Operation;
        var parameters = query.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        foreach (var name in new[] { "type", "q", "attrs", "idPattern", "georel", "geometry", "coordinates", "limit", "offset", "count" })
            Assert.Contains(name, parameters);
        // The content-type fallback twins stay out of the document: one POST on /entities, not two.
        Assert.Equal(2, paths.GetProperty("/ngsi-ld/v1/entities").EnumerateObject().Count());
    }

    [Fact]
    public void A_known_target_without_a_module_in_the_build_fails_with_a_clear_message()
    {
        var e = Assert.Throws<TargetException>(() => Targets.Resolve("energy", [.. ServiceModule.Available.Where(m => m.Target != "energy")]));
        Assert.Contains("target 'energy' has no module in this build yet", e.Message);
        Assert.Contains("twin", e.Message);
    }

    [Fact]
    public void Target_energy_builds_its_module()
    {
        using var host = CityMeshHost.Build(["--target", "energy"]);
        Assert.NotNull(host.Services.GetService(typeof(CityMesh.Energy.Grid.LiveGrid)));
    }

    [Fact]
    public void Unknown_target_names_the_known_ones()
    {
        var e = Assert.Throws<TargetException>(() => CityMeshHost.Build(["--target", "teleport"]));
        Assert.Contains("unknown target 'teleport'", e.Message);
        Assert.Contains("transport", e.Message);
    }

    [Theory]
    [InlineData("--CityMesh:Transport:Retiming:Seeds=0", "CityMesh:Transport:Retiming:Seeds is 0")]
    [InlineData("--CityMesh:Transport:Routing:MinSpeedKmh=-1", "CityMesh:Transport:Routing:MinSpeedKmh is -1")]
    [InlineData("--CityMesh:Governance:DefaultAutonomy=Sometimes", "CityMesh:Governance:DefaultAutonomy is 'Sometimes', which is not one of Advise")]
    [InlineData("--CityMesh:Transport:ResyncDelai=00:00:05", "CityMesh:Transport:ResyncDelai is not a setting (CityMesh:Transport takes City, ResyncDelay")]
    [InlineData("--CityMesh:Transport:Forecasting:TrainingDays=abc", "CityMesh:Transport:Forecasting:TrainingDays is 'abc', which is not a whole number")]
    [InlineData("--CityMesh:Governance:Audit:Witness:Url=ftp://witness", "CityMesh:Governance:Audit:Witness:Url is 'ftp://witness'")]
    [InlineData("--CityMesh:Access:Jwt:Issuer=https://id.example", "CityMesh:Access:Jwt:Audience is required")]
    [InlineData("--CityMesh:City:UtcOffset=20:00:00", "CityMesh:City:UtcOffset is 20:00:00")]
    public async Task RunAsync_exits_2_naming_a_bad_module_setting(string setting, string message)
    {
        var original = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        int exitCode;
        try
        {
            exitCode = await CityMeshHost.RunAsync(["--target", "governance,transport", setting]);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal(2, exitCode);
        Assert.StartsWith("citymesh-server: ", captured.ToString());
        Assert.Contains(message, captured.ToString());
    }

    [Fact]
    public async Task Target_worker_without_a_scenario_exits_2_and_says_what_to_set()
    {
        var original = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        int exitCode;
        try
        {
            exitCode = await CityMeshHost.RunAsync(["--target", "worker"]);
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal(2, exitCode);
        Assert.Contains("citymesh-server: set CITYMESH_SCENARIO (the scenario as JSON) or CITYMESH_SCENARIO_FILE", captured.ToString());
    }

    [Theory]
    [InlineData("twin")]
    [InlineData("all")]
    public async Task Targets_twin_and_all_build_and_serve(string target)
    {
        await using (var app = CityMeshHost.Build(["--target", target]))
        {
            Assert.NotNull(app.Services.GetService(typeof(CityMesh.Twin.TwinService)));
        }
        using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("target", target);
            TestAccess.Configure(b);
        });
        var client = host.CreateClient().AsAdmin();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var targets = await client.GetJsonAsync("/targets");
        Assert.Contains("twin", targets.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        // The worker is a batch target: it runs one scenario and exits, so "all" never starts it.
        Assert.DoesNotContain("worker", targets.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var id = Ngsi.NewId();
        await client.CreateAsync(Ngsi.RoadSegment(id));
        var entity = await client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(id, entity.GetProperty("id").GetString());
    }
}
