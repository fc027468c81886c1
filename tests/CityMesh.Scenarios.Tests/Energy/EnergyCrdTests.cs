using System.Globalization;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Crd;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// The TwinScenario CRD's energy fields: documented with their defaults and limits (kubectl explain shows descriptions,
/// not the schema's bounds), typed and bounded as the validator's markers say, and the validator's rules as CEL, each
/// tied to a refusal of the validator on the same field.
/// </summary>
public sealed class EnergyCrdTests
{
    private static readonly JsonObject Schema = CrdGenerator.Build()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    private static JsonObject At(string path) =>
        path.Split('.').Aggregate(Schema, (node, name) => name == "items" ? node["items"]!.AsObject() : node["properties"]![name]!.AsObject());

    private static IEnumerable<(string Rule, string Message)> Rules(string path) =>
        (At(path)["x-kubernetes-validations"]?.AsArray() ?? []).Select(r => ((string)r!["rule"]!, (string)r["message"]!));

    [Fact]
    public void Should_Document_Each_Energy_Field_With_Its_Default_And_Limits()
    {
        var fields = At("spec.energy")["properties"]!.AsObject();
        Assert.Equal(["grid", "site", "hours", "intervalMinutes", "startDate", "loads", "weather", "heatWave", "evAdoption", "pvGrowth", "outage", "ratings", "voltageLimits"],
            fields.Select(f => f.Key));
        Assert.Equal(["grid", "site"], At("spec.energy")["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(24, (int)At("spec.energy.hours")["default"]!);
        Assert.Equal("1", At("spec.energy.hours")["minimum"]!.ToJsonString());
        Assert.Equal(EnergySpec.MaxHours.ToString(CultureInfo.InvariantCulture), At("spec.energy.hours")["maximum"]!.ToJsonString());
        Assert.Equal("2026-07-15", (string?)At("spec.energy.startDate")["default"]);
        Assert.Equal(EnergySpec.DatePattern, (string?)At("spec.energy.startDate")["pattern"]);
        Assert.Equal(0.95, (double)At("spec.energy.voltageLimits.minPu")["default"]!);
        Assert.Equal(1.05, (double)At("spec.energy.voltageLimits.maxPu")["default"]!);
        Assert.Equal(6.0, (double)At("spec.energy.ratings.defaultMva")["default"]!);
        Assert.Equal(EnergyLoadsSpec.Kinds, At("spec.energy.loads.defaultKind")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(EvAdoptionSpec.Profiles, At("spec.energy.evAdoption.profile")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("set", (string?)At("spec.energy.grid.criticalBuses")["x-kubernetes-list-type"]);
        Assert.Null(At("spec.energy.grid")["required"]); // file or twin, by the rule below
        Assert.Contains(Rules("spec.energy.grid"), r => r.Rule == "has(self.file) != has(self.twin)");
        Assert.Equal(7, (int)At("spec.energy.grid.twin.historyDays")["default"]!);
        Assert.True((bool)At("spec.energy.grid.twin.weather")["default"]!);
        Assert.Equal("map", (string?)At("spec.energy.grid.feeders")["x-kubernetes-list-type"]);
        // A variant's sections are the baseline's own schemas.
        foreach (string section in new[] { "heatWave", "evAdoption", "pvGrowth", "outage" })
            Assert.Equal(At($"spec.energy.{section}")["properties"]!.ToJsonString(), At($"spec.interventions.items.energy.{section}")["properties"]!.ToJsonString());

        int checkedFields = 0;
        Visit(At("spec.energy"), "spec.energy");
        Visit(At("spec.interventions.items.energy"), "spec.interventions[].energy");
        Assert.True(checkedFields > 40, $"only {checkedFields} energy fields");

        void Visit(JsonObject node, string path)
        {
            foreach (var (name, child) in node["properties"]?.AsObject() ?? [])
            {
                var field = child!.AsObject();
                string at = $"{path}.{name}", description = (string?)field["description"] ?? "";
                Assert.False(description.Length == 0, $"{at}: no description");
                checkedFields++;
                if (field["default"] is { } value && value.GetValueKind() != System.Text.Json.JsonValueKind.True && value.GetValueKind() != System.Text.Json.JsonValueKind.False)
                    Assert.True(description.Contains("Default", StringComparison.Ordinal), $"{at}: the default {value.ToJsonString()} is not in its description");
                if (field["maximum"] is { } max)
                    Assert.True(description.Contains(max.ToJsonString(), StringComparison.Ordinal), $"{at}: its maximum {max} is not in its description");
                if ((string?)field["type"] == "object") Visit(field, at);
                if ((string?)field["type"] == "array" && field["items"]!["type"]!.GetValue<string>() == "object") Visit(field["items"]!.AsObject(), $"{at}[]");
            }
        }
    }

    /// <summary>Each energy rule in the CRD, where it sits, and the broken spec (EnergyScenarioTests.Break) the validator refuses for it.</summary>
    public static TheoryData<string, string, string, string> EnergyRules() => new()
    {
        { "intervalMinutes must be 15, 30 or 60", "spec.energy", "interval", "spec.energy.intervalMinutes" },
        { "outage.endHour must be within hours", "spec.energy", "outage-late", "spec.energy.outage.endHour" },
        { "a variant's outage must end within energy.hours", "spec", "variant-outage-late", "spec.interventions[0].energy.outage.endHour" },
        { "set at least one of chargersPerLoadBus or buses", "spec.energy.evAdoption", "no-chargers", "spec.energy.evAdoption" },
        { "set at least one of kwpPerLoadBus or buses", "spec.energy.pvGrowth", "no-pv", "spec.energy.pvGrowth" },
        { "endHour must come after startHour", "spec.energy.outage", "outage-order", "spec.energy.outage.endHour" },
        { "maxPu must come after minPu", "spec.energy.voltageLimits", "voltage-band", "spec.energy.voltageLimits.maxPu" },
        { "set at least one of heatWave, evAdoption, pvGrowth, outage or loadScale", "spec.interventions.items.energy", "no-change", "spec.interventions[0]" },
        { "energy is required for simulation energy", "spec", "missing", "spec.energy" },
        { "set exactly one of file or twin", "spec.energy.grid", "grid-both", "spec.energy.grid" },
        { "set exactly one of file or twin", "spec.energy.grid", "grid-neither", "spec.energy.grid" },
        { "interventions[].energy is only for simulation energy", "spec", "energy-for-flood", "spec.interventions[0].energy" },
    };

    [Theory]
    [MemberData(nameof(EnergyRules))]
    public void Should_Carry_The_Energy_Rules_Of_The_Validator(string message, string at, string broken, string field)
    {
        Assert.Contains(Rules(at), r => r.Message == message);
        Assert.Contains(ScenarioValidator.Validate(EnergyScenarioTests.Break(broken)), e => e.Field == field);
    }

    [Fact]
    public void Should_Write_The_Rules_Comparing_Numbers_Of_One_Type()
    {
        // CEL does not compare a double with an int: the hours (an integer) are converted before an hour (a number) meets them.
        Assert.Contains(Rules("spec.energy"), r => r.Rule == "!has(self.outage) || !has(self.outage.endHour) || self.outage.endHour <= double(has(self.hours) ? self.hours : 24)");
        Assert.Equal("integer", (string?)At("spec.energy.hours")["type"]);
        Assert.Equal("number", (string?)At("spec.energy.outage.endHour")["type"]);
    }
}
