using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Queries;

namespace CityMesh.Twin.Tests.Query;

/// <summary>The temporal API's text forms: aggrPeriodDuration and derived instanceIds.</summary>
public sealed class TemporalParsingTests
{
    [Theory]
    [InlineData("PT4M", 240.0)]
    [InlineData("P1DT12H", 129_600.0)]
    [InlineData("P2W", 1_209_600.0)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("PT1,25S", 1.25)]
    [InlineData("P0D", 0.0)]
    [InlineData("P1DT1H1M1S", 90_061.0)]
    public void Fixed_length_durations_are_read(string text, double seconds)
    {
        Assert.Equal(IsoDuration.Result.Valid, IsoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("P1Y")]
    [InlineData("P1M")]
    [InlineData("P1Y2DT3H")]
    public void Years_and_months_are_told_apart(string text) => Assert.Equal(IsoDuration.Result.Calendar, IsoDuration.TryParse(text, out _));

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("1h")]
    [InlineData("PT1H1D")]
    [InlineData("P-1D")]
    [InlineData("P99999999999999999999D")]
    public void Other_text_is_not_a_duration(string text) => Assert.Equal(IsoDuration.Result.Invalid, IsoDuration.TryParse(text, out _));

    [Fact]
    public void An_instanceId_names_its_instant_to_the_tick()
    {
        var at = new DateTimeOffset(2020, 8, 1, 12, 3, 0, TimeSpan.Zero).AddTicks(1234567);

        var id = InstanceIds.Of(at);

        Assert.Equal("urn:ngsi-ld:instance:20200801T120300.1234567Z", id);
        Assert.True(InstanceIds.TryParse(id, out var back));
        Assert.Equal(at, back);
        Assert.False(InstanceIds.TryParse("urn:ngsi-ld:instance:yesterday", out _));
        Assert.False(InstanceIds.TryParse("urn:x:20200801T120300.1234567Z", out _));
    }
}
