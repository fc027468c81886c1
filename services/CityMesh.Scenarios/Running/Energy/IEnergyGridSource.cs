using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// Where an energy scenario's grid comes from. A file today (<see cref="MatpowerGridSource"/>); the city's twin
/// (spec.energy.twin) will be a second source beside it, producing the same <see cref="EnergyGrid"/>, so the runner
/// does not change. What the spec says about the grid (kinds of load, feeders, ratings, critical buses) is applied
/// after, whatever the source (<see cref="EnergyGridSetup"/>).
/// </summary>
public interface IEnergyGridSource
{
    /// <exception cref="ScenarioInputException">The grid cannot be read; the message names the spec field.</exception>
    EnergyGrid Read();
}

/// <summary>Picks the source the spec names.</summary>
public static class EnergyGridSources
{
    public static IEnergyGridSource For(EnergyGridSpec? grid, InputFiles inputs) =>
        grid?.File is { } file
            ? new MatpowerGridSource(inputs.Resolve(file, "spec.energy.grid.file"), inputs.Limits)
            : throw new ScenarioInputException("spec.energy.grid.file", "required: a MATPOWER case file (path or configMap).");
}
