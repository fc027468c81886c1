using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Governance.Audit;
using CityMesh.Governance.Tests.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>The audit API as operators and verifiers reach it, over a test server with the access scheme.</summary>
public sealed class AuditEndpointsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private IAuditLog _log = null!;

    public async Task InitializeAsync()
    {
        var settings = AccessHost.Configured();
        settings["CityMesh:Governance:Audit:Key"] = AuditTestKeys.Base64(AuditTestKeys.K1);
        settings["CityMesh:Governance:Audit:Checkpoints:SigningKey"] = AuditTestKeys.NewSigningPem();
        _app = await AccessHost.StartAsync(settings,
            configure: b => b.Services.AddAuditLog(b.Configuration), map: a => a.MapAudit());
        _client = _app.GetTestClient();
        _log = _app.Services.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 12; i++)
            await _log.AppendAsync(new AuditEntry("ops-console", "action.approved", $"action-{i}", JsonDocument.Parse($$$"""{"n":{{{i}}}}""").RootElement.Clone()));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> GetAsync(string path, string key = AccessHost.OperatorKey) =>
        _client.SendAsync(AccessHost.Request(HttpMethod.Get, path, key));

    [Fact]
    public async Task Records_are_served_in_order_page_by_page()
    {
        var page = await (await GetAsync("/governance/audit?after=4&limit=5")).Content.ReadFromJsonAsync<List<AuditRecord>>(JsonSerializerOptions.Web);

        Assert.Equal([5L, 6, 7, 8, 9], page!.Select(r => r.Sequence));
        Assert.All(page!, r => Assert.Equal(AuditChain.Mac(AuditTestKeys.K1, r), r.Hash));
    }

    [Fact]
    public async Task Without_parameters_the_first_thousand_are_served()
    {
        var page = await (await GetAsync("/governance/audit", AccessHost.AdminKey)).Content.ReadFromJsonAsync<List<AuditRecord>>(JsonSerializerOptions.Web);

        Assert.Equal(12, page!.Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("after=-1", "after")]
    [InlineData("after=x", "after")]
    public async Task Bad_paging_is_400_naming_the_parameter(string query, string parameter)
    {
        var response = await GetAsync($"/governance/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.StartsWith($"{parameter} is ", Assert.Single(problem!.Errors[parameter]));
    }

    [Fact]
    public async Task Viewers_may_not_read_the_audit_log()
    {
        var response = await GetAsync("/governance/audit", AccessHost.ViewerKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("one of the roles operator, admin", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task Verify_reports_the_whole_chain()
    {
        var verification = await (await GetAsync("/governance/audit/verify")).Content.ReadFromJsonAsync<AuditVerification>(JsonSerializerOptions.Web);

        Assert.True(verification!.Ok);
        Assert.Equal(12, verification.Count);
        Assert.Equal(12, verification.Head!.Sequence);
    }

    [Fact]
    public async Task Verify_against_a_head_beyond_the_log_reports_truncation_with_the_kind_spelt_out()
    {
        var head = new AuditHead(20, new string('a', 64));

        var response = await GetAsync($"/governance/audit/verify?expectHead={head}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"kind\":\"Truncated\"", body);
        Assert.False(JsonSerializer.Deserialize<AuditVerification>(body, JsonSerializerOptions.Web)!.Ok);
    }

    [Fact]
    public async Task A_verifier_reading_over_http_checks_the_chain_itself()
    {
        var reader = new AuditHttpReader(_client, AccessHost.AdminKey);
        var head = (await _log.ReadAsync(11, 1))[0];

        var verification = await AuditChain.VerifyAsync(reader.ReadAsync, AuditTestKeys.Ring, new AuditHead(head.Sequence, head.Hash), pageSize: 5);

        Assert.True(verification.Ok);
        Assert.Equal(12, verification.Count);
    }

    [Fact]
    public async Task A_verifier_over_http_without_the_key_finds_nothing_it_can_vouch_for()
    {
        var reader = new AuditHttpReader(_client, AccessHost.AdminKey);

        var verification = await AuditChain.VerifyAsync(reader.ReadAsync, new AuditKeyRing(AuditTestKeys.Forger));

        Assert.Equal(12, verification.Problems.Count(p => p.Kind == AuditProblemKind.Altered));
    }

    [Fact]
    public async Task Checkpoints_and_their_public_keys_are_served_and_the_services_verdict_counts_them()
    {
        var checkpoint = await _app.Services.GetRequiredService<AuditCheckpointer>().CheckpointIfDueAsync(force: true);
        var reader = new AuditHttpReader(_client, AccessHost.OperatorKey);

        var checkpoints = await reader.ReadCheckpointsAsync();
        var publicKey = Assert.Single(await reader.ReadPublicKeysAsync());
        var verdict = await reader.ReadVerdictAsync(null);

        Assert.Equal(checkpoint, Assert.Single(checkpoints));
        Assert.Equal(checkpoint!.Signer, publicKey.Id);
        using var keys = new AuditCheckpointKeys().Add(publicKey.Pem, "served");
        Assert.Equal(AuditCheckpointCheck.Good, keys.Check(checkpoints[0]));
        Assert.True(verdict.Ok);
        Assert.Equal((12L, 1L, 12L), (verdict.Count, verdict.Checkpoints, verdict.LatestCheckpoint!.Sequence));
    }

    [Fact]
    public async Task A_verifier_with_a_viewer_key_is_told_why_it_cannot_read()
    {
        var reader = new AuditHttpReader(_client, AccessHost.ViewerKey);

        var error = await Assert.ThrowsAsync<AuditReadException>(() => AuditChain.VerifyAsync(reader.ReadAsync, AuditTestKeys.Ring));

        Assert.Contains("answered 403 Forbidden: GET /governance/audit requires one of the roles operator, admin", error.Message);
    }
}
