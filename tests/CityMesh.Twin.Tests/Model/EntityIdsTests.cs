using CityMesh.Contracts.Twin;

namespace CityMesh.Twin.Tests.Model;

public sealed class EntityIdsTests
{
    [Fact]
    public void Create_and_TypeOf_round_trip()
    {
        var id = EntityIds.Create(EntityTypes.TrafficFlowObserved, "jinan", "det-1");
        Assert.Equal("urn:ngsi-ld:TrafficFlowObserved:jinan:det-1", id);
        Assert.Equal(EntityTypes.TrafficFlowObserved, EntityIds.TypeOf(id));
    }

    [Fact]
    public void A_known_type_comes_back_as_the_one_string_an_unknown_one_as_its_text()
    {
        // Same instance: the telemetry path asks for every changed entity's type and must not copy it each time.
        Assert.Same(EntityTypes.RoadSegment, EntityIds.TypeOf("urn:ngsi-ld:RoadSegment:jinan:road_1_0_1"));
        Assert.Equal("BikeLane", EntityIds.TypeOf("urn:ngsi-ld:BikeLane:jinan:7"));
    }

    [Theory]
    [InlineData("urn:ngsi-ld::jinan:1")]
    [InlineData("urn:ngsi-ld:Road")]
    [InlineData("https://example.org/things/1")]
    [InlineData("")]
    public void Ids_off_the_pattern_have_no_type(string id) => Assert.Null(EntityIds.TypeOf(id));
}
