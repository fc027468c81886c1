using System.Globalization;
using CityMesh.Limits;
using CityMesh.Simulation.Energy.Matpower;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A grid from a MATPOWER case file: buses named "bus N" of no known kind (the spec's default kind applies), branches
/// with a tap ratio other than 1 or a phase shift are transformers, open branches (status 0) are the normally-open
/// points, ratings are rateA (0: none given).
/// </summary>
/// <param name="path">The file's real path, already checked by <see cref="InputFiles.Resolve"/>.</param>
public sealed class MatpowerGridSource(string path, InputLimits? limits) : IEnergyGridSource
{
    public const string Field = "spec.energy.grid.file";

    public EnergyGrid Read()
    {
        Simulation.Energy.PowerGrid power;
        try
        {
            power = MatpowerReader.Read(path, limits);
        }
        catch (MatpowerFormatException e)
        {
            throw new ScenarioInputException(Field, e.Message, e);
        }
        var buses = power.Buses.Select(b => new GridBus(b.Id, string.Create(CultureInfo.InvariantCulture, $"bus {b.Id}"), "", false)).ToList();
        var (p, q) = power.TotalLoad;
        return new EnergyGrid(power, buses, [],
            [.. power.Branches.Select(b => b.IsTransformer)],
            [.. power.Branches.Select(b => !b.InService)],
            [.. power.Branches.Select(b => b.RateA)],
            string.Create(CultureInfo.InvariantCulture,
                $"{power.Name} from {Path.GetFileName(path)}: {power.Buses.Count} buses, {power.Branches.Count(b => b.InService)} branches in service and {power.Branches.Count(b => !b.InService)} open, peak load {p * 1000:#,0} kW / {q * 1000:#,0} kvar"));
    }
}
