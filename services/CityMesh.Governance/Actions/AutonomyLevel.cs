using System.Text.Json.Serialization;
using CityMesh.Contracts.Actions;

namespace CityMesh.Governance.Actions;

/// <summary>How far an action type may go without a person (ARCHITECTURE.md, Governance).</summary>
[JsonConverter(typeof(KebabCaseEnum<AutonomyLevel>))]
public enum AutonomyLevel
{
    /// <summary>Shown to operators as advice; never executed by CityMesh.</summary>
    Advise,

    /// <summary>Executed only after an operator approves it.</summary>
    ApproveThenAct,

    /// <summary>Executed at once when every measure is within its policy limit; otherwise waits for an operator.</summary>
    ActWithinGuardrails,
}
