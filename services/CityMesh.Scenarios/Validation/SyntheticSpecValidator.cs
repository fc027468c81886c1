using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Synthetic;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// The synthetic-data parts of a spec: the generators' own option checks (their ranges are physical limits the
/// markers cannot say), named by their path under spec, and the outputs that only some kinds use.
/// </summary>
internal static class SyntheticSpecValidator
{
    public static void Check(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Plates is { } plates) Add("spec.plates", plates.Validate(), errors);
        if (spec.Telemetry is { } telemetry) Add("spec.telemetry", telemetry.Validate(), errors);

        var outputs = spec.Outputs;
        if (outputs is null) return;
        if ((SimulationKinds.IsSynthetic(spec.Simulation) || spec.Simulation is SimulationKinds.Epidemic or SimulationKinds.Energy) && outputs.Kpis is { Count: > 0 })
            errors.Add(new("spec.outputs.kpis", ValidationReasons.NotForSimulation,
                $"spec.outputs.kpis: traffic KPIs; '{spec.Simulation}' reports its own figures, so leave it empty"));
        if (spec.Simulation != SimulationKinds.SyntheticTelemetry && (outputs.Publish || outputs.PublishAcceleration != 0))
            errors.Add(new(outputs.Publish ? "spec.outputs.publish" : "spec.outputs.publishAcceleration", ValidationReasons.NotForSimulation,
                $"spec.outputs.{(outputs.Publish ? "publish" : "publishAcceleration")}: only for simulation '{SimulationKinds.SyntheticTelemetry}'"));
    }

    private static void Add(string prefix, IReadOnlyList<SynthesisOptionError> found, List<ValidationError> errors)
    {
        foreach (var e in found)
        {
            var path = e.Field.Length == 0 ? prefix : e.Field.StartsWith('[') ? prefix + e.Field : $"{prefix}.{e.Field}";
            errors.Add(new(path, ValidationReasons.Invalid, $"{path}: {e.Message}"));
        }
    }
}
