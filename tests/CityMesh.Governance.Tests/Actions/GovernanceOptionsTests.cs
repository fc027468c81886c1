using CityMesh.Governance.Actions;
using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Governance.Tests.Actions;

public sealed class GovernanceOptionsTests
{
    private static GovernanceOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().ReadSettings<GovernanceOptions>();

    [Fact]
    public void Policies_bind_by_action_type_and_unlisted_types_get_the_default()
    {
        var options = Bind(new()
        {
            ["CityMesh:Governance:Policies:transport.signal-retiming:Autonomy"] = "ActWithinGuardrails",
            ["CityMesh:Governance:Policies:transport.signal-retiming:Limits:maxGreenChangeSeconds"] = "10",
            ["CityMesh:Governance:Policies:health.divert-ambulances:Autonomy"] = "Advise",
            ["CityMesh:Governance:ExpirySweepInterval"] = "00:00:05",
        });

        var retiming = options.PolicyFor("transport.signal-retiming");
        Assert.Equal(AutonomyLevel.ActWithinGuardrails, retiming.Autonomy);
        Assert.Equal(10, retiming.Limits["maxGreenChangeSeconds"]);
        Assert.Equal(AutonomyLevel.Advise, options.PolicyFor("health.divert-ambulances").Autonomy);
        Assert.Equal(AutonomyLevel.ApproveThenAct, options.PolicyFor("energy.shed-load").Autonomy);
        Assert.Empty(options.PolicyFor("energy.shed-load").Limits);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ExpirySweepInterval);
        Assert.Equal("memory", options.Store);
    }

    [Theory]
    [InlineData("CityMesh:Governance:Store", "redis", "CityMesh:Governance:Store is 'redis'")]
    [InlineData("CityMesh:Governance:Store", "postgres", "CityMesh:Governance:ConnectionString is required")]
    [InlineData("CityMesh:Governance:ExpirySweepInterval", "00:00:00", "CityMesh:Governance:ExpirySweepInterval is 00:00:00")]
    [InlineData("CityMesh:Governance:Policies:transport.signal-retiming:Limits:maxGreenChangeSeconds", "-1",
        "CityMesh:Governance:Policies:transport.signal-retiming:Limits:maxGreenChangeSeconds is -1")]
    [InlineData("CityMesh:Governance:Policies:transport.signal-retiming:Autonomy", "ActWithinGuardrails",
        "CityMesh:Governance:Policies:transport.signal-retiming:Limits is empty")]
    public void A_bad_setting_is_refused_naming_its_key(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { [key] = value }));

        Assert.StartsWith(expected, error.Message);
    }
}
