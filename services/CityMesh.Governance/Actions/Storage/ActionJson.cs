using System.Text.Json;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>How an action is written to a database row's body: the web defaults (camelCase; enums are kebab-case by attribute).</summary>
internal static class ActionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(GovernedAction action) => JsonSerializer.Serialize(action, Options);

    public static GovernedAction Read(string json) =>
        JsonSerializer.Deserialize<GovernedAction>(json, Options) ?? throw new JsonException("a stored action is null");
}
