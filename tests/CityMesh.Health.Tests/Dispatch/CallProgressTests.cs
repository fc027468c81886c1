using CityMesh.Contracts.Health;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Tests.Dispatch;

/// <summary>A call's status follows its crew's: forward only, from dispatched, and closed once the patient is handed over.</summary>
public sealed class CallProgressTests
{
    private static CallState Call(string status) => new("c1", null, null, "urgent", BedTypes.General, status, null, "a1", "h1");

    private static AmbulanceState Crew(string status, string? call = "c1") => new("a1", "Ambulance 1", status, null, null, null, call, "h1", null);

    [Theory]
    [InlineData("dispatched", "dispatched", null)]
    [InlineData("dispatched", "atScene", "atScene")]
    [InlineData("dispatched", "transporting", "transporting")]
    [InlineData("atScene", "transporting", "transporting")]
    [InlineData("atScene", "atHospital", "closed")]
    [InlineData("transporting", "atHospital", "closed")]
    [InlineData("transporting", "available", "closed")]
    [InlineData("dispatched", "atHospital", "closed")]
    [InlineData("atScene", "atScene", null)]
    [InlineData("transporting", "atScene", null)]
    [InlineData("closed", "atScene", null)]
    [InlineData("received", "atScene", null)]
    // A crew free again before it was ever seen on scene: the call is not closed on that alone.
    [InlineData("dispatched", "available", null)]
    public void The_call_moves_with_its_crew(string call, string crew, string? next) => Assert.Equal(next, CallProgress.Next(Call(call), Crew(crew)));

    [Fact]
    public void Only_the_crew_sent_to_the_call_moves_it()
    {
        Assert.Null(CallProgress.Next(Call("dispatched"), Crew("atScene", call: "c2")));
        Assert.Null(CallProgress.Next(Call("dispatched"), null));
    }
}
