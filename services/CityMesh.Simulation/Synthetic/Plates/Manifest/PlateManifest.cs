using System.Text.Json;

namespace CityMesh.Simulation.Synthetic.Plates.Manifest;

/// <summary>Reads and writes <c>manifest.jsonl</c>: one compact camelCase JSON object per line.</summary>
public static class PlateManifest
{
    public const string FileName = "manifest.jsonl";

    // float and double round-trip exactly: System.Text.Json writes the shortest text that parses back to the same value.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(PlateManifestLine line) => JsonSerializer.Serialize(line, Json);

    public static PlateManifestLine Parse(string line) =>
        JsonSerializer.Deserialize<PlateManifestLine>(line, Json) ?? throw new JsonException("a manifest line is null");

    public static IReadOnlyList<PlateManifestLine> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(Parse).ToList();
}
