using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// Where an energy scenario's grid comes from: a MATPOWER file (<see cref="MatpowerGridSource"/>) or the city's twin
/// (<see cref="TwinGridSource"/>), each producing the same <see cref="EnergyGrid"/>, so the runner does not change. What
/// the spec says about the grid (kinds of load, feeders, ratings, critical buses) is applied after, whatever the source
/// (<see cref="EnergyGridSetup"/>).
/// </summary>
public interface IEnergyGridSource
{
    /// <exception cref="ScenarioInputException">The grid cannot be read; the message names the spec field.</exception>
    EnergyGrid Read();
}

/// <summary>Picks the source the spec names.</summary>
public static class EnergyGridSources
{
    /// <param name="twin">The city's grid as read from its twin for this run (spec.energy.grid.twin); null where none was read.</param>
    public static IEnergyGridSource For(EnergyGridSpec? grid, InputFiles inputs, Baselines.TwinGrid? twin = null) => grid switch
    {
        { File: { } file, Twin: null } => new MatpowerGridSource(inputs.Resolve(file, MatpowerGridSource.Field), inputs.Limits),
        { File: null, Twin: not null } => new TwinGridSource(twin ?? throw new ScenarioInputException(Baselines.TwinGrid.Field,
            $"the grid is the city's twin, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).")),
        { File: not null, Twin: not null } => throw new ScenarioInputException("spec.energy.grid", "file and twin are both set; set exactly one of file or twin."),
        _ => throw new ScenarioInputException(MatpowerGridSource.Field, "required: a MATPOWER case file (path or configMap), or twin."),
    };
}
