using System.Net;
using System.Text.RegularExpressions;

namespace CityMesh.Server.Tests;

/// <summary>GET /entities pages through Link headers (rel="next" and rel="prev"), as NGSI-LD clause 5.5.9 shows.</summary>
public sealed partial class PaginationLinkTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly string _type = $"Bench{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        var entities = Enumerable.Range(1, 5).Select(n => $$"""{"id": "urn:ngsi-ld:{{_type}}:test:{{n}}", "type": "{{_type}}"}""");
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/create", $"[{string.Join(",", entities)}]");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [GeneratedRegex(@"^<(?<url>[^>]*)>;\s*rel=""(?<rel>[^""]+)""")]
    private static partial Regex LinkValue();

    /// <summary>The page's links by rel (the context link included).</summary>
    private async Task<(string[] Ids, Dictionary<string, string> Links)> PageAsync(string query)
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = new Dictionary<string, string>();
        foreach (var value in response.Headers.GetValues("Link"))
        {
            if (LinkValue().Match(value) is { Success: true } m) links[m.Groups["rel"].Value] = m.Groups["url"].Value;
        }
        var ids = (await Ngsi.JsonOf(response)).EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
        return (ids, links);
    }

    [Fact]
    public async Task The_first_page_links_to_the_next_only()
    {
        var (ids, links) = await PageAsync("limit=2");
        Assert.Equal(2, ids.Length);
        Assert.Equal($"/ngsi-ld/v1/entities?type={_type}&limit=2&offset=2", links["next"]);
        Assert.False(links.ContainsKey("prev"));
    }

    [Fact]
    public async Task A_middle_page_links_both_ways_and_following_next_walks_every_entity_once()
    {
        var (_, middle) = await PageAsync("limit=2&offset=2");
        Assert.Equal($"/ngsi-ld/v1/entities?type={_type}&limit=2&offset=4", middle["next"]);
        Assert.Equal($"/ngsi-ld/v1/entities?type={_type}&limit=2&offset=0", middle["prev"]);

        var seen = new List<string>();
        string? next = $"{Ngsi.Base}/entities?type={_type}&limit=2";
        while (next is not null)
        {
            var response = await _client.GetAsync(next);
            seen.AddRange((await Ngsi.JsonOf(response)).EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
            next = response.Headers.GetValues("Link").Select(v => LinkValue().Match(v)).FirstOrDefault(m => m.Success && m.Groups["rel"].Value == "next")?.Groups["url"].Value;
        }
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"urn:ngsi-ld:{_type}:test:{n}"), seen);
    }

    [Fact]
    public async Task The_last_page_links_back_only_and_keeps_other_parameters()
    {
        var (ids, links) = await PageAsync("options=keyValues&offset=4&limit=2&count=true");
        Assert.Single(ids);
        Assert.False(links.ContainsKey("next"));
        Assert.Equal($"/ngsi-ld/v1/entities?type={_type}&options=keyValues&count=true&limit=2&offset=2", links["prev"]);
        Assert.True(links.ContainsKey(Ngsi.ContextRel), "the JSON-LD context link is still sent");
    }

    [Fact]
    public async Task A_count_only_request_has_no_page_links()
    {
        var response = await _client.GetAsync($"{Ngsi.Base}/entities?type={_type}&limit=0&count=true");
        Assert.Equal("5", response.Headers.GetValues("NGSILD-Results-Count").Single());
        Assert.DoesNotContain(response.Headers.GetValues("Link"), v => v.Contains("rel=\"next\"", StringComparison.Ordinal));
    }
}
