using System.Globalization;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// What spec.compound's markers cannot say to the validator (the CRD says each with a [CelRule] or the
/// [AtLeastOneOf] rule on CompoundSpec): a part besides the flood; the flood over the twin; an evacuation without a
/// flood of its own, in the twin, over the flood's hours; a grid from the twin over the flood's hours rounded up; and
/// each part's own checks, named under spec.compound.
/// </summary>
internal static class CompoundSpecValidator
{
    private const string Path = "spec.compound";

    public static void Check(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Simulation != SimulationKinds.Compound || spec.Compound is not { } compound) return;
        if (compound.Ambulance is null && compound.Evacuation is null && compound.Energy is null)
            errors.Add(new(Path, ValidationReasons.Required, $"{Path}: no part besides the flood: set ambulance, evacuation or energy, or several"));
        if (compound.Flood is not { } flood) return; // required: said by the markers
        FloodSpecValidator.Check(flood, $"{Path}.flood", errors);
        if (flood.Twin is null)
            errors.Add(new($"{Path}.flood.twin", ValidationReasons.Required, $"{Path}.flood.twin: required: a compound couples the parts through the city's twin"));
        string hours = flood.Hours.ToString(CultureInfo.InvariantCulture);
        if (compound.Evacuation is { } evacuation)
        {
            const string at = $"{Path}.evacuation";
            if (evacuation.Flood is not null)
                errors.Add(new($"{at}.flood", ValidationReasons.NotForSimulation, $"{at}.flood: not allowed: the compound's flood (spec.compound.flood) is the evacuation's"));
            if (evacuation.Twin is null)
                errors.Add(new($"{at}.twin", ValidationReasons.Required, $"{at}.twin: required: the evacuation runs in the flood's city, the twin"));
            if (evacuation.Hours != flood.Hours)
                errors.Add(new($"{at}.hours", ValidationReasons.Invalid,
                    $"{at}.hours: {evacuation.Hours.ToString(CultureInfo.InvariantCulture)} is not the flood's {hours} (spec.compound.flood.hours): a compound has one horizon"));
            EvacuationSpecValidator.CheckZone(evacuation, at, floodElsewhere: true, errors);
        }
        if (compound.Energy is { } energy)
        {
            const string at = $"{Path}.energy";
            if (energy.Grid is { } grid && grid.Twin is null)
                errors.Add(new($"{at}.grid.twin", ValidationReasons.Required, $"{at}.grid.twin: required: the substations the flood reaches are the twin's"));
            if (energy.Hours != (int)Math.Ceiling(flood.Hours))
                errors.Add(new($"{at}.hours", ValidationReasons.Invalid,
                    $"{at}.hours: {energy.Hours} is not the flood's {hours} hours rounded up ({(int)Math.Ceiling(flood.Hours)}, spec.compound.flood.hours): a compound has one horizon"));
            EnergySpecValidator.Check(energy, at, errors);
        }
    }
}
