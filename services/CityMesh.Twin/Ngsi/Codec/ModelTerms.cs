using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Ngsi.Codec;

/// <summary>The wire names of the model's enumerations: camelCase, as NGSI-LD values are (buildingOrStructure, outOfService).</summary>
public static class ModelTerms
{
    private static readonly Dictionary<EntityCategory, string> CategoryNames = Names<EntityCategory>();
    private static readonly Dictionary<string, EntityCategory> Categories = CategoryNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    private static readonly Dictionary<EntityStatus, string> StatusNames = Names<EntityStatus>();
    private static readonly Dictionary<string, EntityStatus> Statuses = StatusNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string Name(EntityCategory category) => CategoryNames[category];
    public static string Name(EntityStatus status) => StatusNames[status];
    public static bool TryParseCategory(string? name, out EntityCategory category) => Categories.TryGetValue(name ?? "", out category);
    public static bool TryParseStatus(string? name, out EntityStatus status) => Statuses.TryGetValue(name ?? "", out status);
    public static string CategoryList => string.Join(", ", CategoryNames.Values);
    public static string StatusList => string.Join(", ", StatusNames.Values);

    private static Dictionary<T, string> Names<T>() where T : struct, Enum =>
        Enum.GetValues<T>().ToDictionary(v => v, v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
}
