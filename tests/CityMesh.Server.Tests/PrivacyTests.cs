using System.Net;

namespace CityMesh.Server.Tests;

/// <summary>Natural persons are never held individually, so the API can never expose one.</summary>
public sealed class PrivacyTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("Person", null, "type")]
    public async Task Should_Refuse_An_Individual_Natural_Person_Naming_The_Field(string type, string? category, string field)
    {
        var id = Ngsi.NewId(type);
        var categoryJson = category is null ? "" : $$""", "category": {"type": "Property", "value": "{{category}}"}""";
        var response = await _client.PostAsync($"{Ngsi.Base}/entities", $$"""{"id": "{{id}}", "type": "{{type}}"{{categoryJson}}}""");
        var problem = await Ngsi.AssertProblemAsync(response, HttpStatusCode.BadRequest, "BadRequestData", field);
        Assert.Contains("natural persons", problem.GetProperty("detail").GetString());
        await _client.GetJsonAsync(Ngsi.EntityUrl(id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_Refuse_Natural_Persons_In_A_Batch_And_Write_The_Rest()
    {
        var person = Ngsi.NewId("Person");
        var road = Ngsi.NewId();
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert",
            $$"""[{"id": "{{person}}", "type": "Person"}, {{Ngsi.RoadSegment(road)}}]""");
        Assert.Equal((HttpStatusCode)207, response.StatusCode);
        await _client.GetJsonAsync(Ngsi.EntityUrl(person), HttpStatusCode.NotFound);
        await _client.GetJsonAsync(Ngsi.EntityUrl(road));
    }
}
