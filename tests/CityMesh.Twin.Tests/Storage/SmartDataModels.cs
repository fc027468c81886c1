using System.Globalization;
using System.Text.Json.Nodes;

namespace CityMesh.Twin.Tests.Storage;

/// <summary>The Smart Data Models examples in ../shared/ngsi-ld, and how an example is compared with what came back.</summary>
public static class SmartDataModels
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "ngsi-ld", "smart-data-models"));

    /// <summary>Each example as "dataModel.X/Model".</summary>
    public static IEnumerable<string> Examples() =>
        Directory.EnumerateFiles(Folder, "example-normalized.jsonld", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static JsonObject Read(string example) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, example, "example-normalized.jsonld")))!.AsObject();

    public static JsonObject WithoutContext(string example)
    {
        var entity = Read(example);
        entity.Remove("@context");
        return entity;
    }

    /// <summary>Examples that are not valid NGSI-LD as published, with the field the twin must name.</summary>
    public static IReadOnlyDictionary<string, string> KnownInvalid { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // A relationship's object is an entity id (4.5.2); this one is a date.
        ["dataModel.Environment/WaterObserved"] = "dateObserved.object",
        // observedAt is a UTC DateTime (4.6.3); this one carries an offset (+05:30).
        ["dataModel.Transportation/Vehicle"] = "battery.observedAt",
        // location is a GeoProperty (4.7); this one is sent as a Property.
        ["dataModel.Transportation/BikeLane"] = "location.type",
        // A GeoJSON Point's coordinates are one position, not a list of them (RFC 7946 3.1.2).
        ["dataModel.Energy/SolarEnergy"] = "location.value.coordinates",
    };

    /// <summary>
    /// Every member sent comes back equal: values as JSON (numbers by value, so 5 and 5.0 are one), times as instants.
    /// System members the twin adds on request only (createdAt, modifiedAt) are not expected back unless sent.
    /// </summary>
    public static void AssertSameMembers(JsonObject sent, JsonObject read, string path = "")
    {
        foreach (var (name, value) in sent)
        {
            if (name is "createdAt" or "modifiedAt") continue;
            var at = path.Length == 0 ? name : $"{path}.{name}";
            Assert.True(read.TryGetPropertyValue(name, out var back), $"{at} did not come back; the twin gave {read.ToJsonString()}");
            AssertSame(value, back, at);
        }
        foreach (var (name, _) in read)
        {
            Assert.True(sent.ContainsKey(name), $"{(path.Length == 0 ? name : $"{path}.{name}")} was added; it was not sent");
        }
    }

    private static void AssertSame(JsonNode? sent, JsonNode? read, string at)
    {
        switch (sent)
        {
            case JsonObject o:
                AssertSameMembers(o, Assert.IsType<JsonObject>(read), at);
                break;
            case JsonArray a:
                var b = Assert.IsType<JsonArray>(read);
                Assert.True(a.Count == b.Count, $"{at}: {a.Count} items sent, {b.Count} came back");
                for (var i = 0; i < a.Count; i++) AssertSame(a[i], b[i], $"{at}[{i}]");
                break;
            case JsonValue v when v.TryGetValue<double>(out var number):
                Assert.True(read is JsonValue r && r.TryGetValue<double>(out var back) && back == number, $"{at}: sent {number}, got {read?.ToJsonString()}");
                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && IsTime(text, out var instant):
                Assert.True(read is JsonValue t && t.TryGetValue<string>(out var backText) && IsTime(backText, out var backInstant) && backInstant == instant,
                    $"{at}: sent {text}, got {read?.ToJsonString()}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(sent, read), $"{at}: sent {sent?.ToJsonString()}, got {read?.ToJsonString()}");
                break;
        }
    }

    /// <summary>A UTC date-time: 2020-09-09T16:40:00.000Z and 2020-09-09T16:40:00Z are the same instant.</summary>
    private static bool IsTime(string text, out DateTimeOffset instant)
    {
        instant = default;
        return text.Length >= 20 && text[4] == '-' && text[10] == 'T' && text.EndsWith('Z')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
