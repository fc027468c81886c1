using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A run's KPIs (<see cref="EnergyRunner"/>'s names): peak loading of the feeders' head branches and of the
/// transformers (% of rating), hours over rating summed over every rated branch and how many branches went over,
/// the lowest voltage and the hours with some bus outside the voltage band, energies over the run (kWh: losses,
/// served, not served and its critical part, PV delivered and curtailed, EV charging), the peak import at the slack,
/// and the intervals without a power flow solution. Peak transformer loading is left out where the grid has none.
/// </summary>
public static class EnergyKpis
{
    public static Dictionary<string, double> Of(EnergyGrid grid, EnergyOutcome outcome, VoltageLimitsSpec limits)
    {
        double dt = outcome.IntervalHours;
        var solved = Enumerable.Range(0, outcome.Intervals).Where(t => outcome.Converged[t]).ToList();
        var kpis = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [EnergyRunner.PeakFeederLoading] = Math.Round(grid.Feeders.Select(f => outcome.PeakLoading[f.Branch]).DefaultIfEmpty(0).Max(), 2),
        };
        var transformers = Enumerable.Range(0, grid.Transformer.Count).Where(k => grid.Transformer[k]).ToList();
        if (transformers.Count > 0) kpis[EnergyRunner.PeakTransformerLoading] = Math.Round(transformers.Max(k => outcome.PeakLoading[k]), 2);
        kpis[EnergyRunner.HoursOverRating] = Math.Round(outcome.HoursOver.Sum(), 2);
        kpis[EnergyRunner.ElementsOverRating] = outcome.HoursOver.Count(h => h > 0);
        kpis[EnergyRunner.LowestVoltage] = solved.Count == 0 ? 0 : Math.Round(solved.Min(t => outcome.LowestVm[t]), 5);
        kpis[EnergyRunner.HoursBelowVoltageLimit] = Math.Round(solved.Count(t => outcome.LowestVm[t] < limits.MinPu) * dt, 2);
        kpis[EnergyRunner.HoursAboveVoltageLimit] = Math.Round(solved.Count(t => outcome.HighestVm[t] > limits.MaxPu + 1e-9) * dt, 2);
        kpis[EnergyRunner.Losses] = Math.Round(outcome.Energy(outcome.LossKw), 2);
        kpis[EnergyRunner.EnergyServed] = Math.Round(outcome.Energy(outcome.ServedKw), 2);
        kpis[EnergyRunner.EnergyNotServed] = Math.Round(outcome.Energy(outcome.NotServedKw), 2);
        kpis[EnergyRunner.CriticalEnergyNotServed] = Math.Round(outcome.Energy(outcome.CriticalNotServedKw), 2);
        kpis[EnergyRunner.PvEnergy] = Math.Round(outcome.Energy(outcome.PvKw), 2);
        kpis[EnergyRunner.PvCurtailed] = Math.Round(outcome.Energy(outcome.PvCurtailedKw), 2);
        kpis[EnergyRunner.EvEnergy] = Math.Round(outcome.Energy(outcome.EvKw), 2);
        kpis[EnergyRunner.PeakImport] = Math.Round(solved.Select(outcome.ImportKw).DefaultIfEmpty(0).Max(), 1);
        kpis[EnergyRunner.IntervalsNotSolved] = outcome.Intervals - solved.Count;
        return kpis;
    }
}
