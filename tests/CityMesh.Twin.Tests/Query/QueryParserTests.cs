using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Tests.Query;

public sealed class QueryParserTests
{
    [Fact]
    public void Should_Parse_A_Comparison_With_A_Number()
    {
        var term = Assert.IsType<ComparisonTerm>(QueryParser.Parse("speed>30.5"));
        Assert.Equal("speed", term.Path.Attribute);
        Assert.Equal(ComparisonOperator.Greater, term.Operator);
        Assert.Equal(TwinValue.Of(30.5), Assert.Single(term.Values));
    }

    [Fact]
    public void Should_Bind_And_Tighter_Than_Or()
    {
        var or = Assert.IsType<OrExpression>(QueryParser.Parse("a==1;b==2|c==3"));
        Assert.IsType<AndExpression>(or.Terms[0]);
        Assert.IsType<ComparisonTerm>(or.Terms[1]);
    }

    [Fact]
    public void Should_Respect_Parentheses()
    {
        var and = Assert.IsType<AndExpression>(QueryParser.Parse("a==1;(b==2|c==3)"));
        Assert.IsType<OrExpression>(and.Terms[1]);
    }

    [Fact]
    public void Should_Parse_Ranges_Lists_Strings_And_Existence()
    {
        var range = Assert.IsType<ComparisonTerm>(QueryParser.Parse("level==1..5"));
        Assert.Equal(TwinValue.Of(1), range.Values[0]);
        Assert.Equal(TwinValue.Of(5), range.RangeEnd);

        var list = Assert.IsType<ComparisonTerm>(QueryParser.Parse("status==\"open\",\"closed\""));
        Assert.Equal([TwinValue.Of("open"), TwinValue.Of("closed")], list.Values);

        var exists = Assert.IsType<ExistsTerm>(QueryParser.Parse("pm25"));
        Assert.Equal("pm25", exists.Path.Attribute);
    }

    [Fact]
    public void Should_Read_Unquoted_Uris_And_DateTimes_As_Text()
    {
        var rel = Assert.IsType<ComparisonTerm>(QueryParser.Parse("refRoad==urn:ngsi-ld:RoadSegment:jinan:r1"));
        Assert.Equal(TwinValue.Of("urn:ngsi-ld:RoadSegment:jinan:r1"), rel.Values[0]);
        var time = Assert.IsType<ComparisonTerm>(QueryParser.Parse("opened>=2026-01-01T00:00:00Z"));
        Assert.Equal(TwinValueKind.Text, time.Values[0].Kind);
    }

    [Fact]
    public void Should_Parse_Compound_Value_Paths()
    {
        var term = Assert.IsType<ComparisonTerm>(QueryParser.Parse("address[city]==\"Jinan\""));
        Assert.Equal("address", term.Path.Attribute);
        Assert.Equal(["city"], term.Path.ValuePath);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a==", 3)]
    [InlineData("(a==1", 5)]
    [InlineData("a=1", 1)]
    [InlineData("a==\"open", 3)]
    [InlineData("a~=\"[\"", 3)]
    [InlineData("a==1)", 4)]
    public void Should_Reject_Malformed_Expressions_With_The_Position(string q, int position)
    {
        var e = Assert.Throws<QueryParseException>(() => QueryParser.Parse(q));
        Assert.Equal(position, e.Position);
        Assert.StartsWith("q: ", e.Message);
    }
}
