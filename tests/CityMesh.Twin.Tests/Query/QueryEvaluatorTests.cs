using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Tests.Query;

public sealed class QueryEvaluatorTests
{
    private static readonly Dictionary<string, TwinValue> Attributes = new()
    {
        ["speed"] = TwinValue.Of(42.0),
        ["name"] = TwinValue.Of("Jingshi Road"),
        ["open"] = TwinValue.Of(true),
        ["address"] = TwinValue.FromJson(System.Text.Json.JsonDocument.Parse("""{"city":"Jinan","zip":250000}""").RootElement),
        ["refRoad"] = TwinValue.Of("urn:ngsi-ld:RoadSegment:jinan:r1"),
    };

    private static bool Eval(string q) => QueryEvaluator.Matches(QueryParser.Parse(q), name => Attributes.TryGetValue(name, out var v) ? v : null);

    [Theory]
    [InlineData("speed==42", true)]
    [InlineData("speed!=42", false)]
    [InlineData("speed>41.9", true)]
    [InlineData("speed>=42;speed<=42", true)]
    [InlineData("speed<42", false)]
    [InlineData("speed==40..45", true)]
    [InlineData("speed==43..45", false)]
    [InlineData("speed!=43..45", true)]
    [InlineData("speed==1,2,42", true)]
    [InlineData("speed!=1,2", true)]
    [InlineData("name==\"Jingshi Road\"", true)]
    [InlineData("name~=\"^Jing\"", true)]
    [InlineData("name!~=\"^Jing\"", false)]
    [InlineData("open==true", true)]
    [InlineData("open>0", false)]
    [InlineData("address[city]==\"Jinan\"", true)]
    [InlineData("address[zip]>200000", true)]
    [InlineData("address[street]", false)]
    [InlineData("refRoad==urn:ngsi-ld:RoadSegment:jinan:r1", true)]
    [InlineData("missing!=1", false)]
    [InlineData("missing", false)]
    [InlineData("speed==\"42\"", false)]
    [InlineData("missing==1|speed==42", true)]
    [InlineData("(missing==1|speed==42);name", true)]
    public void Should_Evaluate_Like_NgsiLd(string q, bool expected) => Assert.Equal(expected, Eval(q));
}
