using CityMesh.Scenarios.Loading;

namespace CityMesh.Scenarios.Tests;

public sealed class ScenarioDurationTests
{
    [Theory]
    [InlineData("3600s", 3600)]
    [InlineData("90m", 5400)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("2h45m30s", 9930)]
    [InlineData("1h1h", 7200)]
    [InlineData(".5m", 30)]
    [InlineData("1.h", 3600)]
    [InlineData("+10s", 10)]
    [InlineData("-10s", -10)]
    [InlineData("0", 0)]
    [InlineData("1500ms", 1.5)]
    [InlineData("2500us", 0.0025)]
    [InlineData("168h", 604800)]
    public void Should_Parse_Go_Durations(string text, double seconds)
    {
        Assert.True(ScenarioDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
        Assert.Matches(ScenarioDuration.Pattern, text);
    }

    [Fact]
    public void Should_Parse_Nanoseconds_To_The_Nearest_Tick() =>
        Assert.Equal(TimeSpan.FromTicks(15), ScenarioDuration.Parse("1500ns"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("3600")]
    [InlineData("h")]
    [InlineData("1d")]
    [InlineData("1 h")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("1hm")]
    [InlineData("1H")]
    [InlineData("-")]
    [InlineData("99999999999999h")]
    public void Should_Reject_Other_Text(string? text)
    {
        Assert.False(ScenarioDuration.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ScenarioDuration.Parse(text ?? ""));
    }
}
