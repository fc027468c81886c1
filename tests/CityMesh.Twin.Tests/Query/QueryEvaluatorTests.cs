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

    private static bool Eval(string q) =>
        QueryEvaluator.Matches(QueryParser.Parse(q), name => Attributes.TryGetValue(name, out var v) ? v : null, new RegexBudget(TimeSpan.FromSeconds(1)));

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

    [Fact]
    public void One_budget_covers_every_match_of_a_query()
    {
        // Backtracking makes each match of this pattern against 'aaa…ab' take far longer than the whole budget.
        var budget = new RegexBudget(TimeSpan.FromMilliseconds(50));
        var q = QueryParser.Parse("name~=\"^(a+)+$\"");
        var slow = TwinValue.Of(new string('a', 36) + "b");
        var e = Assert.Throws<QueryPatternException>(() =>
        {
            for (var entity = 0; entity < 40; entity++) QueryEvaluator.Matches(q, _ => slow, budget);
        });
        Assert.Equal("q", e.Parameter);
        Assert.Contains("50 ms in all", e.Reason);
        // Spent is spent: the next entity is refused before its match starts, even one that would match at once.
        Assert.Throws<QueryPatternException>(() => QueryEvaluator.Matches(QueryParser.Parse("name~=\"b\""), _ => TwinValue.Of("b"), budget));
    }

    [Fact]
    public void A_query_of_cheap_patterns_compiles_each_once_and_matches_within_its_budget()
    {
        var budget = new RegexBudget(TimeSpan.FromSeconds(1));
        var q = QueryParser.Parse("name~=\"^Jing\"");
        for (var i = 0; i < 1000; i++) Assert.True(QueryEvaluator.Matches(q, name => Attributes.TryGetValue(name, out var v) ? v : null, budget));
        Assert.Same(budget.ForQ("^Jing"), budget.ForQ("^Jing"));
    }
}
