using System.Net;
using System.Text.Json.Nodes;
using CityMesh.Server.Tests.Temporal;

namespace CityMesh.Server.Tests.Conformance;

/// <summary>
/// Every entity payload of the ETSI conformance suite (<c>../shared/ngsi-ld/etsi-suite/data/entities/*.json*</c>),
/// created as published (the suite's contexts preloaded) and read back with the same context: every member equal.
/// The suite's invalid payloads are refused as the spec types them.
/// </summary>
public sealed class EtsiEntityPayloadTests(SuiteTwinFactory factory) : IClassFixture<SuiteTwinFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static readonly Dictionary<string, (HttpStatusCode Status, string ErrorType)> Invalid = new(StringComparer.Ordinal)
    {
        ["empty.jsonld"] = (HttpStatusCode.BadRequest, "InvalidRequest"),        // [] is not an entity: the request is malformed (001_02_02)
        ["invalid-json.jsonld"] = (HttpStatusCode.BadRequest, "InvalidRequest"),  // not JSON
        ["invalid-type.jsonld"] = (HttpStatusCode.BadRequest, "BadRequestData"),  // "type": "type" names the keyword
    };

    public static TheoryData<string> Payloads => [.. Directory.EnumerateFiles(Folder()).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>001_02_03: a body sent as application/ld+json must carry its @context.</summary>
    [Fact]
    public async Task An_ld_json_body_without_a_context_is_bad_request_data()
    {
        var body = File.ReadAllText(Path.Combine(Folder(), "building-minimal.json")).Replace("randomUUID", Guid.NewGuid().ToString("N"));
        await Ngsi.AssertProblemAsync(await _client.PostAsync($"{Ngsi.Base}/entities", body, Ngsi.JsonLd), HttpStatusCode.BadRequest, "BadRequestData", "@context");
    }

    /// <summary>The suite's entity payloads, from this file's place in the repository (../shared beside it).</summary>
    private static string Folder([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "..", "shared", "ngsi-ld", "etsi-suite", "data", "entities"));

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task A_suite_entity_payload_is_created_and_read_back_as_sent_or_refused(string file)
    {
        var text = File.ReadAllText(Path.Combine(Folder(), file));
        if (Invalid.TryGetValue(file, out var expected))
        {
            await Ngsi.AssertProblemAsync(await _client.PostAsync($"{Ngsi.Base}/entities", text, Ngsi.JsonLd), expected.Status, expected.ErrorType);
            return;
        }
        var id = $"urn:ngsi-ld:Conformance:{Guid.NewGuid():N}";
        var sent = JsonNode.Parse(text)!.AsObject();
        sent["id"] = id;
        var context = sent["@context"]?.DeepClone();
        sent.Remove("@context");
        var body = sent.DeepClone().AsObject();
        if (context is not null) body["@context"] = context;
        var created = await _client.PostAsync($"{Ngsi.Base}/entities", body.ToJsonString(), context is null ? Ngsi.Json : Ngsi.JsonLd);
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{file}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");

        using var get = new HttpRequestMessage(HttpMethod.Get, Ngsi.EntityUrl(id));
        if (context is not null)
        {
            var url = context is JsonArray array ? array[0]!.GetValue<string>() : context.GetValue<string>();
            get.Headers.TryAddWithoutValidation("Link", $"<{url}>; rel=\"{Ngsi.ContextRel}\"; type=\"{Ngsi.JsonLd}\"");
        }
        var response = await _client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        EtsiSuite.AssertSame(sent, read, $"{file}: read back as sent");
    }
}
