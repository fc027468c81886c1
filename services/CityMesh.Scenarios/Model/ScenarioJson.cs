using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Scenarios.Model;

/// <summary>The one JSON shape of scenarios on the wire (API server, termination message): camelCase, nulls omitted.</summary>
public static class ScenarioJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The same, indented, for files people read (kpis.json).</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}
