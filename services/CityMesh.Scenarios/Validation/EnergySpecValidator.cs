using System.Globalization;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Validation;

/// <summary>
/// What spec.energy's markers cannot say to the validator (the CRD says each with a [CelRule] or an [AtLeastOneOf]
/// rule on the same object): an interval of 15, 30 or 60 minutes, a start date that exists, EV chargers and PV that
/// name some bus, and outages (the baseline's and each variant's) that end within the hours simulated.
/// </summary>
internal static class EnergySpecValidator
{
    public static void Check(TwinScenarioSpec spec, List<ValidationError> errors)
    {
        if (spec.Simulation != SimulationKinds.Energy || spec.Energy is not { } energy) return;
        Check(energy, "spec.energy", errors);
        for (int i = 0; i < (spec.Interventions?.Count ?? 0); i++)
            if (spec.Interventions![i]?.Energy is { } change)
                Changes(change.EvAdoption, change.PvGrowth, change.Outage, energy.Hours, $"spec.interventions[{i}].energy", errors);
    }

    /// <summary>The checks on an energy spec at <paramref name="path"/> (spec.energy, or a compound's spec.compound.energy).</summary>
    public static void Check(EnergySpec energy, string path, List<ValidationError> errors)
    {
        if (energy.IntervalMinutes is not (15 or 30 or 60))
            errors.Add(new($"{path}.intervalMinutes", ValidationReasons.NotOneOf, $"{path}.intervalMinutes: {energy.IntervalMinutes} is not supported; must be 15, 30 or 60"));
        if (energy.StartDate is { } date && System.Text.RegularExpressions.Regex.IsMatch(date, EnergySpec.DatePattern)
            && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors.Add(new($"{path}.startDate", ValidationReasons.Invalid, $"{path}.startDate: '{date}' is not a day of the calendar"));
        Changes(energy.EvAdoption, energy.PvGrowth, energy.Outage, energy.Hours, path, errors);
    }

    private static void Changes(EvAdoptionSpec? ev, PvGrowthSpec? pv, OutageSpec? outage, int hours, string path, List<ValidationError> errors)
    {
        if (ev is not null && ev.ChargersPerLoadBus is null && ev.Buses is not { Count: > 0 })
            errors.Add(new($"{path}.evAdoption", ValidationReasons.Required, $"{path}.evAdoption: no chargers: set chargersPerLoadBus or buses, or both"));
        if (pv is not null && pv.KwpPerLoadBus is null && pv.Buses is not { Count: > 0 })
            errors.Add(new($"{path}.pvGrowth", ValidationReasons.Required, $"{path}.pvGrowth: no PV: set kwpPerLoadBus or buses, or both"));
        if (outage?.EndHour is { } end && end > hours)
            errors.Add(new($"{path}.outage.endHour", ValidationReasons.OutOfRange,
                $"{path}.outage.endHour: {end.ToString(CultureInfo.InvariantCulture)} is after the run ends ({hours} hours, spec.energy.hours)"));
    }
}
