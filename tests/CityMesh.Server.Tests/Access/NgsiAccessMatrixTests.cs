using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityMesh.Access;

namespace CityMesh.Server.Tests.Access;

/// <summary>
/// Who may do what on the NGSI-LD API: every caller (anonymous, a forged token, each role by key, a person's JWT,
/// CityMesh services) against every endpoint, on an observation, a city object and a governed attribute. The
/// expectations are written out here as a table, independently of the rules in the code, and every refused write
/// is checked to have left the entity as it was.
/// </summary>
public sealed class NgsiAccessMatrixTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private const string Base = "/ngsi-ld/v1";

    /// <summary>The callers, each with how to make its client.</summary>
    public static readonly IReadOnlyList<string> Callers =
    [
        "anonymous", "forged-jwt", "viewer", "data-provider", "operator", "scenario-author", "admin", "jwt-operator",
        "service:governance", "service:transport", "forged-service",
    ];

    public static readonly IReadOnlyList<string> Operations =
        [
            "create", "patch", "upsert", "delete", "query", "retrieve", "temporal", "batch-create", "batch-update", "batch-delete", "types", "append",
            "partial", "delete-attr", "replace", "query-post",
        ];

    /// <summary>observation: a TrafficFlowObserved; object: a Streetlight (no governed attribute: a Building has evacuation orders); governed: a TrafficSignal's cycleLength.</summary>
    public static readonly IReadOnlyList<string> Targets = ["observation", "object", "governed"];

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var caller in Callers)
        foreach (var operation in Operations)
        foreach (var target in Targets)
            data.Add(caller, operation, target);
        return data;
    }

    /// <summary>The expected status, by hand: 2xx class as 200 (any success), or 401, 403.</summary>
    private static int Expected(string caller, string operation, string target)
    {
        var read = operation is "query" or "retrieve" or "temporal" or "types" or "query-post";
        // A batch create is a create, a batch delete a delete; a batch update, an append, a partial update, deleting
        // an attribute and replacing the entity write attributes as a patch does.
        operation = operation switch
        {
            "batch-create" => "create",
            "batch-delete" => "delete",
            "batch-update" or "append" or "partial" or "delete-attr" or "replace" => "patch",
            _ => operation,
        };
        switch (caller)
        {
            case "anonymous" or "forged-jwt" or "forged-service":
                return 401;
            case "viewer" or "scenario-author" or "service:transport":
                return read ? 200 : 403;
            case "service:governance":
                // Governance reads, and updates attributes when an approved action executes; it creates and deletes nothing.
                // An upsert of an entity it cannot see exists (only governed types are looked up) counts as creating it.
                return read || operation == "patch" || (operation == "upsert" && target == "governed") ? 200 : 403;
            case "data-provider":
                if (read) return 200;
                return target == "observation" && operation != "delete" ? 200 : 403;
            case "operator" or "jwt-operator":
                if (read) return 200;
                if (target == "governed" && operation is "patch" or "upsert" or "delete") return 403;
                return 200;
            case "admin":
                if (read) return 200;
                // Admins may delete a signal, but not change its plan outside governance.
                if (target == "governed" && operation is "patch" or "upsert") return 403;
                return 200;
        }
        throw new ArgumentException(caller);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_caller_may_do_exactly_what_its_role_allows(string caller, string operation, string target)
    {
        var admin = factory.CreateClient();
        var id = $"urn:ngsi-ld:{TypeOf(target)}:matrix:{Guid.NewGuid():N}";
        // Every operation but create acts on an entity that exists.
        if (operation is not ("create" or "batch-create")) Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body(Entity(id, target, 30)))).StatusCode);
        var before = operation is "create" or "batch-create" ? null : await Snapshot(admin, id);

        using var client = Client(caller);
        var response = operation switch
        {
            "create" => await client.PostAsync($"{Base}/entities", Ngsi.Body(Entity(id, target, 30))),
            "patch" => await client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body(Patch(target, 40))),
            "upsert" => await client.PostAsync($"{Base}/entityOperations/upsert?options=update", Ngsi.Body($"[{Entity(id, target, 40)}]")),
            "delete" => await client.DeleteAsync(Ngsi.EntityUrl(id)),
            "query" => await client.GetAsync($"{Base}/entities?type={TypeOf(target)}&limit=1"),
            "retrieve" => await client.GetAsync(Ngsi.EntityUrl(id)),
            "batch-create" => await client.PostAsync($"{Base}/entityOperations/create", Ngsi.Body($"[{Entity(id, target, 30)}]")),
            "batch-update" => await client.PostAsync($"{Base}/entityOperations/update", Ngsi.Body($"[{Entity(id, target, 40)}]")),
            "batch-delete" => await client.PostAsync($"{Base}/entityOperations/delete", Ngsi.Body($"[\"{id}\"]")),
            "append" => await client.PostAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body(Patch(target, 40))),
            "partial" => await client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs/{AttributeOf(target)}", Ngsi.Body(Partial(target, 40))),
            "delete-attr" => await client.DeleteAsync($"{Ngsi.EntityUrl(id)}/attrs/{AttributeOf(target)}"),
            "replace" => await client.PutAsync(Ngsi.EntityUrl(id), Ngsi.Body(Entity(id, target, 40))),
            "query-post" => await client.PostAsync($"{Base}/entityOperations/query?limit=1",
                Ngsi.Body($$"""{"type": "Query", "entities": [{"type": "{{TypeOf(target)}}"}]}""")),
            "types" => await client.GetAsync($"{Base}/types/{TypeOf(target)}"),
            _ => await client.GetAsync($"{Base}/temporal/entities/{Uri.EscapeDataString(id)}"),
        };

        var body = await response.Content.ReadAsStringAsync();
        var expected = Expected(caller, operation, target);
        var status = (int)response.StatusCode;
        // A batch answers 207 with the entity's error inside; that is the refusal for upsert.
        if (operation is "upsert" or "batch-create" or "batch-update" or "batch-delete" && status == 207)
        {
            var error = JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("error");
            status = error.GetProperty("status").GetInt32();
        }
        Assert.True(expected == 200 ? status is >= 200 and < 300 : status == expected,
            $"{caller} {operation} {target}: expected {expected}, got {(int)response.StatusCode}: {body}");
        if (expected != 200)
        {
            Assert.Contains("detail", body);
            Ngsi.AssertNoInternals(body);
            // Nothing changed: the entity is as it was, or was never created.
            if (before is null) Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Ngsi.EntityUrl(id))).StatusCode);
            else Assert.Equal(before, await Snapshot(admin, id));
        }
    }

    [Fact]
    public async Task An_anonymous_or_operator_patch_of_a_signals_cycle_is_refused_and_the_plan_is_unchanged()
    {
        var admin = factory.CreateClient();
        var id = $"urn:ngsi-ld:TrafficSignal:matrix:{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body(Entity(id, "governed", 245)))).StatusCode);

        var anonymous = await factory.ClientAs(null).PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body(Patch("governed", 7)));
        var byOperator = await factory.ClientAs("operator").PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body(Patch("governed", 7)));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var problem = JsonDocument.Parse(await byOperator.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal("cycleLength", problem.GetProperty("field").GetString());
        Assert.Contains("governance action", problem.GetProperty("detail").GetString());
        var held = await Ngsi.GetJsonAsync(admin, $"{Ngsi.EntityUrl(id)}?options=keyValues");
        Assert.Equal(245, held.GetProperty("cycleLength").GetDouble());
    }

    [Fact]
    public async Task Writing_back_the_plan_a_signal_already_has_is_no_change_of_what_governance_owns()
    {
        var admin = factory.CreateClient();
        var id = $"urn:ngsi-ld:TrafficSignal:matrix:{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body(Entity(id, "governed", 90)))).StatusCode);

        var same = await factory.ClientAs("operator").PostAsync($"{Base}/entityOperations/upsert?options=update", Ngsi.Body($"[{Entity(id, "governed", 90)}]"));
        var renamed = await factory.ClientAs("operator").PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", Ngsi.Body(Patch("governed", 90)));

        Assert.True(same.IsSuccessStatusCode, await same.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
    }

    [Fact]
    public async Task The_health_service_keeps_emergency_calls_and_writes_nothing_else()
    {
        var health = Client("service:health");
        var call = $"urn:ngsi-ld:EmergencyCall:matrix:{Guid.NewGuid():N}";
        string Call(string status) => $$"""{"id": "{{call}}", "type": "EmergencyCall", "status": {"type": "Property", "value": "{{status}}"} }""";

        Assert.Equal(HttpStatusCode.Created, (await health.PostAsync($"{Base}/entities", Ngsi.Body(Call("received")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await health.PatchAsync($"{Ngsi.EntityUrl(call)}/attrs",
            Ngsi.Body("""{"status": {"type": "Property", "value": "closed"}}"""))).StatusCode);
        // Another service may read the call but not write it.
        var transport = Client("service:transport");
        Assert.Equal(HttpStatusCode.OK, (await transport.GetAsync(Ngsi.EntityUrl(call))).StatusCode);
        var refused = await transport.PatchAsync($"{Ngsi.EntityUrl(call)}/attrs", Ngsi.Body("""{"status": {"type": "Property", "value": "lost"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // Health's city objects change only through governance: no streetlight created, no hospital patched.
        var building = $"urn:ngsi-ld:Streetlight:matrix:{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Forbidden, (await health.PostAsync($"{Base}/entities", Ngsi.Body(Entity(building, "object", 30)))).StatusCode);
        var hospital = $"urn:ngsi-ld:Hospital:matrix:{Guid.NewGuid():N}";
        var admin = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body($$"""{"id": "{{hospital}}", "type": "Hospital"}"""))).StatusCode);
        var diverted = await health.PatchAsync($"{Ngsi.EntityUrl(hospital)}/attrs", Ngsi.Body("""{"diversionStatus": {"type": "Property", "value": "diverting"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, diverted.StatusCode);
        // ...and an operator cannot divert a hospital by hand either: diversion is a governed decision.
        var byOperator = await factory.ClientAs("operator").PatchAsync($"{Ngsi.EntityUrl(hospital)}/attrs",
            Ngsi.Body("""{"diversionStatus": {"type": "Property", "value": "diverting"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await health.DeleteAsync(Ngsi.EntityUrl(call))).StatusCode);
    }

    [Fact]
    public async Task The_safety_service_writes_the_water_networks_computed_state_and_nothing_else_of_it()
    {
        var admin = factory.CreateClient();
        var junction = $"urn:ngsi-ld:Junction:matrix:{Guid.NewGuid():N}";
        var pipe = $"urn:ngsi-ld:Pipe:matrix:{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body($$$"""{"id": "{{{junction}}}", "type": "Junction", "elevation": {"type": "Property", "value": 10}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body($$$"""{"id": "{{{pipe}}}", "type": "Pipe", "diameter": {"type": "Property", "value": 300}}"""))).StatusCode);
        var safety = Client("service:safety");
        // The hydraulics' results: pressure and head of a junction, flow and velocity of a pipe (POST attrs, as it writes).
        Assert.Equal(HttpStatusCode.NoContent, (await safety.PostAsync($"{Ngsi.EntityUrl(junction)}/attrs",
            Ngsi.Body("""{"pressure": {"type": "Property", "value": 41.2, "unitCode": "MTR"}, "head": {"type": "Property", "value": 51.2}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await safety.PostAsync($"{Ngsi.EntityUrl(pipe)}/attrs",
            Ngsi.Body("""{"flow": {"type": "Property", "value": 12.5, "unitCode": "G51"}, "velocity": {"type": "Property", "value": 0.18}}"""))).StatusCode);
        // Not what the network is: a junction's elevation, a pipe's diameter or status, a relationship, a new entity.
        Assert.Equal(HttpStatusCode.Forbidden, (await safety.PostAsync($"{Ngsi.EntityUrl(junction)}/attrs",
            Ngsi.Body("""{"pressure": {"type": "Property", "value": 41.2}, "elevation": {"type": "Property", "value": 0}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await safety.PostAsync($"{Ngsi.EntityUrl(pipe)}/attrs",
            Ngsi.Body("""{"status": {"type": "Property", "value": "closed"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await safety.PostAsync($"{Ngsi.EntityUrl(pipe)}/attrs",
            Ngsi.Body($$$"""{"startsAt": {"type": "Relationship", "object": "{{{junction}}}"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await safety.PostAsync($"{Base}/entities",
            Ngsi.Body($$"""{"id": "urn:ngsi-ld:Junction:matrix:{{Guid.NewGuid():N}}", "type": "Junction"}"""))).StatusCode);
        // The same in one batch update, as the hydraulics write a whole network; an element's static data in the batch is refused alone.
        using (var batch = await safety.PostAsync($"{Base}/entityOperations/update", Ngsi.Body($$$"""
            [{"id": "{{{junction}}}", "type": "Junction", "pressure": {"type": "Property", "value": 40.5}},
             {"id": "{{{pipe}}}", "type": "Pipe", "flow": {"type": "Property", "value": 11.0}, "diameter": {"type": "Property", "value": 100}}]
            """)))
        {
            var body = await batch.Content.ReadAsStringAsync();
            Assert.True(batch.StatusCode == HttpStatusCode.MultiStatus, $"{batch.StatusCode} {body}");
            var outcome = JsonDocument.Parse(body).RootElement;
            Assert.Equal(junction, Assert.Single(outcome.GetProperty("success").EnumerateArray()).GetString());
            Assert.Equal(pipe, Assert.Single(outcome.GetProperty("errors").EnumerateArray()).GetProperty("entityId").GetString());
        }
        var batched = await admin.GetFromJsonAsync<JsonElement>(Ngsi.EntityUrl(pipe));
        Assert.Equal((12.5, 300.0), (batched.GetProperty("flow").GetProperty("value").GetDouble(), batched.GetProperty("diameter").GetProperty("value").GetDouble()));
        Assert.Equal(HttpStatusCode.NoContent, (await safety.PostAsync($"{Base}/entityOperations/update", Ngsi.Body($$$"""
            [{"id": "{{{junction}}}", "type": "Junction", "pressure": {"type": "Property", "value": 41.2}}]
            """))).StatusCode);
        // Another service may not write the hydraulics' results.
        Assert.Equal(HttpStatusCode.Forbidden, (await Client("service:health").PostAsync($"{Ngsi.EntityUrl(junction)}/attrs",
            Ngsi.Body("""{"pressure": {"type": "Property", "value": 1}}"""))).StatusCode);
        var held = await admin.GetFromJsonAsync<JsonElement>(Ngsi.EntityUrl(junction));
        Assert.Equal(41.2, held.GetProperty("pressure").GetProperty("value").GetDouble());
        Assert.Equal(10, held.GetProperty("elevation").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task The_safety_service_keeps_incidents_and_they_read_back_whole()
    {
        var safety = Client("service:safety");
        var at = new DateTimeOffset(2026, 7, 1, 9, 30, 0, TimeSpan.Zero);
        var incident = new CityMesh.Contracts.Safety.Incident($"urn:ngsi-ld:Incident:matrix:{Guid.NewGuid():N}", "flood", "Flood: gauge 1 over its alert line",
            "high", "open", 117.02, 36.66, at, "service:safety", null, "flood", ["urn:ngsi-ld:FloodGauge:matrix:g1", "urn:ngsi-ld:RoadSegment:matrix:r7"],
            [new(at, "opened", "gauge 1 at 3.20 m", "urn:ngsi-ld:FloodGauge:matrix:g1", "service:safety"), new(at.AddMinutes(4), "proposed", "close 1 road", "safety-closure-1", "service:safety")]);
        Assert.Equal(HttpStatusCode.Created, (await safety.PostAsync($"{Base}/entities",
            Ngsi.Body(CityMesh.Safety.Incidents.IncidentEntity.ToNgsi(incident).GetRawText()))).StatusCode);
        var closed = incident with { Status = "closed", ClosedAt = at.AddHours(3), Timeline = [.. incident.Timeline, new(at.AddHours(3), "closed", "over", null, "ops-1")] };
        Assert.Equal(HttpStatusCode.NoContent, (await safety.PostAsync($"{Ngsi.EntityUrl(incident.Id)}/attrs",
            Ngsi.Body(CityMesh.Safety.Incidents.IncidentEntity.Attributes(closed).GetRawText()))).StatusCode);

        var held = await factory.CreateClient().GetFromJsonAsync<JsonElement>(Ngsi.EntityUrl(incident.Id));
        var read = CityMesh.Safety.Incidents.IncidentEntity.FromNgsi(new CityMesh.Twin.Client.NgsiEntity(held), out var problem);
        Assert.True(read is not null, problem);
        Assert.Equal(closed.Affected, read.Affected);
        Assert.Equal(closed.Timeline, read.Timeline);
        Assert.Equal(closed with { Affected = [], Timeline = [] }, read with { Affected = [], Timeline = [] });

        // Incidents are safety's register: another service reads them but may neither open nor change one.
        var health = Client("service:health");
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync(Ngsi.EntityUrl(incident.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await health.PostAsync($"{Ngsi.EntityUrl(incident.Id)}/attrs",
            Ngsi.Body("""{"status": {"type": "Property", "value": "open"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await health.PostAsync($"{Base}/entities",
            Ngsi.Body($$"""{"id": "urn:ngsi-ld:Incident:matrix:{{Guid.NewGuid():N}}", "type": "Incident"}"""))).StatusCode);
    }

    [Fact]
    public async Task Open_data_types_are_read_without_credentials_and_nothing_else_is()
    {
        var admin = factory.CreateClient();
        var open = $"urn:ngsi-ld:{TwinApiFactory.OpenDataType}:matrix:{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"{Base}/entities", Ngsi.Body(
            $$"""{"id": "{{open}}", "type": "{{TwinApiFactory.OpenDataType}}", "no2": {"type": "Property", "value": 41.5} }"""))).StatusCode);
        var anonymous = factory.ClientAs(null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{Base}/entities?type={TwinApiFactory.OpenDataType}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(Ngsi.EntityUrl(open))).StatusCode);
        var byPost = await anonymous.PostAsync($"{Base}/entityOperations/query", Ngsi.Body($$"""{"type": "Query", "entities": [{"type": "{{TwinApiFactory.OpenDataType}}"}]}"""));
        Assert.Equal(HttpStatusCode.OK, byPost.StatusCode);
        Assert.Contains(open, await byPost.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"{Base}/entityOperations/query",
            Ngsi.Body("""{"type": "Query", "entities": [{"type": "Building"}]}"""))).StatusCode);
        var closed = await anonymous.GetAsync($"{Base}/entities?type={TwinApiFactory.OpenDataType},Building");
        Assert.Equal(HttpStatusCode.Unauthorized, closed.StatusCode);
        Assert.Contains(TwinApiFactory.OpenDataType, await closed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Base}/entities?idPattern=.*")).StatusCode);
    }

    private HttpClient Client(string caller) => caller switch
    {
        "anonymous" => factory.ClientAs(null),
        "forged-jwt" => factory.ClientWithToken(JwtTokens.CreateHs256("not-the-signing-key-0123456789abcdef", TwinApiFactory.Issuer, TwinApiFactory.Audience,
            "mallory", "admin", TimeSpan.FromMinutes(5))),
        "jwt-operator" => factory.ClientWithToken(JwtTokens.CreateHs256(TwinApiFactory.JwtKey, TwinApiFactory.Issuer, TwinApiFactory.Audience,
            "ops-by-token", "operator", TimeSpan.FromMinutes(5))),
        "service:governance" or "service:transport" or "service:health" or "service:safety" => factory.ClientWithToken(JwtTokens.CreateHs256(TwinApiFactory.ServiceKey,
            ServiceIdentity.Issuer, ServiceIdentity.Audience, caller, Roles.Service, TimeSpan.FromMinutes(5))),
        "forged-service" => factory.ClientWithToken(JwtTokens.CreateHs256("guessed-service-key-0123456789abcdef",
            ServiceIdentity.Issuer, ServiceIdentity.Audience, "service:governance", Roles.Service, TimeSpan.FromMinutes(5))),
        _ => factory.ClientAs(caller),
    };

    private static string TypeOf(string target) => target switch
    {
        "observation" => "TrafficFlowObserved",
        "object" => "Streetlight",
        _ => "TrafficSignal",
    };

    /// <summary>The entity with <paramref name="value"/> in the attribute the test changes (cycleLength for a signal).</summary>
    private static string Entity(string id, string target, int value) => target switch
    {
        "governed" => $$"""{"id": "{{id}}", "type": "TrafficSignal", "cycleLength": {"type": "Property", "value": {{value}}, "unitCode": "SEC"} }""",
        "observation" => $$"""{"id": "{{id}}", "type": "TrafficFlowObserved", "intensity": {"type": "Property", "value": {{value}}, "observedAt": "2026-12-05T08:00:{{value % 60:00}}Z"} }""",
        _ => $$"""{"id": "{{id}}", "type": "Streetlight", "lanternHeight": {"type": "Property", "value": {{value}} } }""",
    };

    private static string AttributeOf(string target) => target switch
    {
        "governed" => "cycleLength",
        "observation" => "intensity",
        _ => "lanternHeight",
    };

    /// <summary>The body of a partial update of <see cref="AttributeOf"/>: the attribute's members alone.</summary>
    private static string Partial(string target, int value) => target switch
    {
        "governed" => $$"""{"value": {{value}}, "unitCode": "SEC"}""",
        "observation" => $$"""{"value": {{value}}, "observedAt": "2026-12-05T08:02:{{value % 60:00}}Z"}""",
        _ => $$"""{"value": {{value}}}""",
    };

    private static string Patch(string target, int value) => target switch
    {
        "governed" => $$"""{"cycleLength": {"type": "Property", "value": {{value}}, "unitCode": "SEC"} }""",
        "observation" => $$"""{"intensity": {"type": "Property", "value": {{value}}, "observedAt": "2026-12-05T08:01:{{value % 60:00}}Z"} }""",
        _ => $$"""{"lanternHeight": {"type": "Property", "value": {{value}} } }""",
    };

    private static async Task<string> Snapshot(HttpClient admin, string id) =>
        await (await admin.GetAsync($"{Ngsi.EntityUrl(id)}?options=sysAttrs")).Content.ReadAsStringAsync();
}
