using System.Net;

namespace CityMesh.Server.Tests;

public sealed class SmokeTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    [Fact]
    public async Task Created_entity_reads_back()
    {
        var client = factory.CreateClient();
        var id = Ngsi.NewId();
        await client.CreateAsync(Ngsi.RoadSegment(id));
        var entity = await client.GetJsonAsync(Ngsi.EntityUrl(id));
        Assert.Equal(id, entity.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, HttpStatusCode.OK);
    }
}
