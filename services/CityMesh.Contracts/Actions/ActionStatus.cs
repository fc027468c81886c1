using System.Text.Json.Serialization;

namespace CityMesh.Contracts.Actions;

/// <summary>
/// An action's lifecycle: <see cref="Proposed"/> → <see cref="Approved"/> / <see cref="Rejected"/> /
/// <see cref="Expired"/>; <see cref="Approved"/> → <see cref="Executed"/> / <see cref="Failed"/>.
/// </summary>
[JsonConverter(typeof(KebabCaseEnum<ActionStatus>))]
public enum ActionStatus
{
    Proposed,
    Approved,
    Rejected,
    Expired,
    Executed,
    Failed,
}
