namespace CityMesh.Scenarios.Validation;

/// <summary>
/// One problem with a scenario. <paramref name="Field"/> is a JSON path such as
/// "spec.interventions[1].signals.plans[0].cycleScale"; <paramref name="Reason"/> is one of
/// <see cref="ValidationReasons"/> (CamelCase, fit for a condition's reason); <paramref name="Message"/> names the
/// field and what is allowed.
/// </summary>
public sealed record ValidationError(string Field, string Reason, string Message)
{
    public override string ToString() => Message;
}

/// <summary>The reasons <see cref="ScenarioValidator"/> gives.</summary>
public static class ValidationReasons
{
    public const string Required = "Required", OutOfRange = "OutOfRange", NotOneOf = "NotOneOf", Duplicate = "Duplicate",
        Invalid = "Invalid", TooLong = "TooLong", MutuallyExclusive = "MutuallyExclusive", Reserved = "Reserved",
        NoChange = "NoChange", UnsupportedSimulation = "UnsupportedSimulation", NotForSimulation = "NotForSimulation";
}
