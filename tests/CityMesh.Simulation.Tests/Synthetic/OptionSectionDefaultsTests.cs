using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Tests.Synthetic;

/// <summary>A partly given option section keeps the defaults of the section it replaces, not those of its type.</summary>
public sealed class OptionSectionDefaultsTests
{
    [Fact]
    public void A_partly_given_anomaly_kind_keeps_that_kinds_defaults()
    {
        var options = SynthesisOptionsJson.Parse<TelemetrySynthesisOptions>("""{ "anomalies": { "leak": { "rate": 1 } } }""", "o.json");
        var defaults = new AnomalyRates();
        Assert.Equal(1, options.Anomalies.Leak.Rate);
        Assert.Equal(defaults.Leak.DurationMinutes, options.Anomalies.Leak.DurationMinutes); // 1–3 days, not AnomalyOptions' 30–60 min
        Assert.Equal(defaults.Leak.Magnitude, options.Anomalies.Leak.Magnitude);
        Assert.Equal(defaults.Spike, options.Anomalies.Spike);
        // Filling one parse's section leaves the next parse's defaults alone.
        Assert.Equal(defaults.Leak, SynthesisOptionsJson.Parse<TelemetrySynthesisOptions>("{}", "o.json").Anomalies.Leak);
        Assert.Equal(0.15, new AnomalyRates().Leak.Rate);
    }

    [Fact]
    public void A_partly_given_lighting_condition_keeps_that_conditions_defaults()
    {
        var options = SynthesisOptionsJson.Parse<PlateSynthesisOptions>("""{ "lighting": { "night": { "exposure": { "min": 0.2, "max": 0.4 } } } }""", "o.json");
        var defaults = new PlateSynthesisOptions().Lighting.Night;
        Assert.Equal(new ValueRange(0.2, 0.4), options.Lighting.Night.Exposure);
        Assert.Equal(defaults.Ambient, options.Lighting.Night.Ambient);
        Assert.Equal(defaults.Warmth, options.Lighting.Night.Warmth);
    }

    [Fact]
    public void A_range_given_with_one_end_is_refused_naming_the_missing_end()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SynthesisOptionsJson.Parse<PlateSynthesisOptions>("""{ "camera": { "yaw": { "min": -5 } } }""", "o.json"));
        Assert.Contains("camera.yaw", e.Message);
        Assert.Contains("max", e.Message);
    }

    /// <summary>
    /// Every section whose parent starts it with other values than its type's own must be populated when read, or a
    /// partly given section would silently take the type's values instead.
    /// </summary>
    [Theory]
    [InlineData(typeof(PlateSynthesisOptions))]
    [InlineData(typeof(TelemetrySynthesisOptions))]
    public void Every_section_with_its_own_defaults_is_populated_when_read(Type root)
    {
        var missing = new List<string>();
        int sections = Walk(Activator.CreateInstance(root)!, root.Name, missing);
        Assert.True(sections > 5, $"only {sections} sections found under {root.Name}");
        Assert.Empty(missing);
    }

    private static int Walk(object value, string path, List<string> missing)
    {
        int sections = 0;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (!type.IsClass || type == typeof(string) || type.GetConstructor(Type.EmptyTypes) is null || typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
                continue;
            if (property.GetValue(value) is not { } start) continue;
            sections++;
            bool ownDefaults = JsonSerializer.Serialize(start, type) != JsonSerializer.Serialize(Activator.CreateInstance(type), type);
            bool populated = property.GetCustomAttribute<JsonObjectCreationHandlingAttribute>()?.Handling == JsonObjectCreationHandling.Populate;
            if (ownDefaults && !populated) missing.Add($"{path}.{property.Name}");
            sections += Walk(start, $"{path}.{property.Name}", missing);
        }
        return sections;
    }
}
