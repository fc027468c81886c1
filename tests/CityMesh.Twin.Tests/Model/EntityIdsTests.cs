using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

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

    [Theory]
    [InlineData("-156640643#1", "-156640643%231")]
    [InlineData(":B1_0", "%3AB1_0")]
    [InlineData("cluster_21432412_32500298", "cluster_21432412_32500298")]
    [InlineData("road_1_0_1", "road_1_0_1")]
    [InlineData("50%/a b?c", "50%25%2Fa%20b%3Fc")]
    [InlineData("Straße-1.~", "Stra%C3%9Fe-1.~")]
    public void A_networks_id_becomes_a_local_id_a_urn_can_carry_and_comes_back_whole(string networkId, string localId)
    {
        Assert.Equal(localId, EntityIds.LocalIdOf(networkId));
        Assert.Equal(networkId, EntityIds.NetworkIdOf(EntityIds.LocalIdOf(networkId)));

        var id = EntityIds.Create(EntityTypes.RoadSegment, "a10kw", EntityIds.LocalIdOf(networkId));
        Assert.True(EntityIdSyntax.IsValid(id), id);
        Assert.Equal(EntityTypes.RoadSegment, EntityIds.TypeOf(id));
        // Nothing of the network's id reads as a separator or a fragment once escaped.
        Assert.DoesNotContain('#', id);
        Assert.Equal(4, id.Count(c => c == ':'));
    }
}
