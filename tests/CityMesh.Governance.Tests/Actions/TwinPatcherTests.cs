using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;
using CityMesh.Governance.Actions.Execution;
using CityMesh.Twin;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>The patcher against a twin stand-in on Kestrel that answers what each test scripts, recording requests.</summary>
public sealed class TwinPatcherTests : IAsyncLifetime
{
    private readonly Queue<(int Status, string Body)> _answers = new();
    private readonly List<(string Path, string ContentType, string Body)> _requests = [];
    private WebApplication _twin = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _twin = builder.Build();
        _twin.MapMethods("/ngsi-ld/v1/entities/{id}/attrs", [HttpMethods.Post], async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            lock (_requests) _requests.Add((http.Request.Path.ToString(), http.Request.ContentType ?? "", body));
            var (status, answer) = _answers.TryDequeue(out var next) ? next : (204, "");
            return Results.Content(answer, "application/json", statusCode: status);
        });
        await _twin.StartAsync();
    }

    public async Task DisposeAsync() => await _twin.DisposeAsync();

    private TwinPatcher Patcher(string? twinUrl = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TwinAddress.Key] = twinUrl ?? _twin.Urls.Single(),
        }).Build();
        var clients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new TwinPatcher(clients, new TwinAddress(configuration, _twin.Services.GetRequiredService<IServer>()), NullLogger<TwinPatcher>.Instance)
        {
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
    }

    private static TwinPatch Patch(string id) => new(id, JsonSerializer.SerializeToElement(new { cycleLength = new { type = "Property", value = 90 } }));

    [Fact]
    public async Task Each_patch_is_sent_as_json_to_its_entity_in_order()
    {
        var error = await Patcher().ApplyAsync([Patch("urn:ngsi-ld:TrafficSignal:jinan:a"), Patch("urn:ngsi-ld:TrafficSignal:jinan:b")]);

        Assert.Null(error);
        Assert.Equal(["/ngsi-ld/v1/entities/urn:ngsi-ld:TrafficSignal:jinan:a/attrs", "/ngsi-ld/v1/entities/urn:ngsi-ld:TrafficSignal:jinan:b/attrs"],
            _requests.Select(r => r.Path));
        Assert.All(_requests, r => Assert.StartsWith("application/json", r.ContentType));
        Assert.Equal(90, JsonDocument.Parse(_requests[0].Body).RootElement.GetProperty("cycleLength").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task A_server_error_is_retried_until_the_twin_accepts()
    {
        _answers.Enqueue((503, """{"title":"restarting"}"""));
        _answers.Enqueue((500, ""));

        Assert.Null(await Patcher().ApplyAsync([Patch("urn:ngsi-ld:TrafficSignal:jinan:a")]));
        Assert.Equal(3, _requests.Count);
    }

    [Fact]
    public async Task A_partial_update_fails_at_once_with_the_twins_answer_and_stops()
    {
        _answers.Enqueue((207, """{"updated":[],"notUpdated":[{"attributeName":"cycleLength","reason":"no such attribute"}]}"""));

        var error = await Patcher().ApplyAsync([Patch("urn:ngsi-ld:TrafficSignal:jinan:a"), Patch("urn:ngsi-ld:TrafficSignal:jinan:b")]);

        Assert.StartsWith("patch 1 of 2 (urn:ngsi-ld:TrafficSignal:jinan:a): the twin answered 207", error);
        Assert.Contains("no such attribute", error);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_later_failure_says_the_earlier_patches_were_applied()
    {
        _answers.Enqueue((204, ""));
        _answers.Enqueue((404, """{"title":"no entity"}"""));

        var error = await Patcher().ApplyAsync([Patch("urn:ngsi-ld:TrafficSignal:jinan:a"), Patch("urn:ngsi-ld:TrafficSignal:jinan:b")]);

        Assert.StartsWith("patch 2 of 2 (urn:ngsi-ld:TrafficSignal:jinan:b): the twin answered 404", error);
        Assert.EndsWith("the 1 patch(es) before it were applied", error);
    }

    [Fact]
    public async Task An_unreachable_twin_fails_after_the_retries_naming_it()
    {
        var closed = $"http://127.0.0.1:{CityMesh.LocalServers.FreePort.OnLoopback()}";

        var error = await Patcher(closed).ApplyAsync([Patch("urn:ngsi-ld:TrafficSignal:jinan:a")]);

        Assert.Contains($"the twin at {closed} could not be reached", error);
    }
}
