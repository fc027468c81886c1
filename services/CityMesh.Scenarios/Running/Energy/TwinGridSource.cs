using System.Globalization;
using CityMesh.Scenarios.Baselines;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A grid from the city's twin (<see cref="TwinGrid"/>, read before the run): the whole grid as one power-flow case
/// (<see cref="GridCase"/>, the conversion the live power flow uses too: buses numbered in the natural order of their
/// ids, a slack of its own beyond the substations where there are several), each bus's load its base peak at the live
/// power flow's power factor, its kind, criticality, present PV and chargers and meter shape from the twin; the
/// twin's feeders by their head lines, its transformers, its normally-open switches as the points an outage may close,
/// and the elements' ratings (the spec's default where the twin gives none).
/// </summary>
public sealed class TwinGridSource(TwinGrid twin) : IEnergyGridSource
{
    public const string Field = TwinGrid.Field;

    public EnergyGrid Read()
    {
        var grid = twin.Grid;
        GridCase model;
        try
        {
            model = GridCase.Of(grid, [.. twin.Buses.Select(b => b.PeakKw)], twin.City);
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException(Field, $"the twin at {twin.Twin} holds a grid for city '{twin.City}' that cannot be solved: {e.Message}", e);
        }
        var power = model.Power;
        var buses = new List<GridBus>(power.Buses.Count);
        for (int k = 0; k < power.Buses.Count; k++)
        {
            int i = model.BusIndex[k];
            if (i < 0)
            {
                buses.Add(new GridBus(power.Buses[k].Id, "transmission grid (the substations' supply)", "", false));
                continue;
            }
            var b = twin.Buses[i];
            buses.Add(new GridBus(power.Buses[k].Id, grid.Buses[i].Name ?? grid.Buses[i].Id, b.LoadKind, b.Critical, b.PvKwp, b.EvKw, b.HourlyShare, b.Entity));
        }
        var feeders = model.Feeders.Select(f => new GridFeeder(f.Id, f.Branch)).ToList();
        var (p, q) = power.TotalLoad;
        return new EnergyGrid(power, buses, feeders,
            [.. model.Branches.Select(b => b.Element == GridCaseElement.Transformer)],
            [.. model.Branches.Select(b => b.NormallyOpen)],
            [.. model.Branches.Select(b => b.RatingMva)],
            string.Create(CultureInfo.InvariantCulture,
                $"the grid of '{twin.City}' from the twin at {twin.Twin}: {grid.Buses.Count} buses, {model.Branches.Where((b, k) => b.Element != GridCaseElement.SourceLink && power.Branches[k].InService).Count()} branches in service and {model.Branches.Count(b => b.NormallyOpen)} normally open, base peak load {p * 1000:#,0} kW / {q * 1000:#,0} kvar"))
        {
            Notes = twin.Notes,
            BaseCelsius = twin.BaseCelsius,
        };
    }
}
