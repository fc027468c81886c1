using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Contracts.Actions;

/// <summary>
/// Action enums on the wire as kebab-case words (<c>approve-then-act</c>, <c>executed</c>), whichever serializer
/// options a publisher or reader uses, so events and the API read the same everywhere.
/// </summary>
public sealed class KebabCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower) where T : struct, Enum;
