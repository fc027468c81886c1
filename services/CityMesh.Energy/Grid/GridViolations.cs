using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Grid;

/// <summary>One limit passed in a solved grid: the element by its entity id, the value and the limit; for a forecast, the first hour it is passed.</summary>
public sealed record Violation(string Kind, string Element, string? Feeder, double Value, double Limit, DateTimeOffset? ExpectedAt = null);

/// <summary>
/// The limits a solved grid passes: lines, transformers and feeders over <see cref="EnergyOptions.OverloadPercent"/>
/// of their rating, energised buses outside the voltage band. A feeder's overload is its head line's, reported once, as
/// the feeder's; the other lines are reported as themselves.
/// </summary>
public static class GridViolations
{
    public static List<Violation> Find(CityGrid grid, GridState state, EnergyOptions options, string city, double margin = 0)
    {
        var found = new List<Violation>();
        string Entity(string type, string local) => EntityIds.Create(type, city, local);
        var heads = grid.Feeders.ToDictionary(f => f.HeadLine, f => f.Id, StringComparer.Ordinal);
        var limit = options.OverloadPercent - margin;
        for (var k = 0; k < grid.Lines.Count; k++)
        {
            var line = grid.Lines[k];
            if (state.LineLoadingPercent[k] <= limit) continue;
            var feeder = line.Feeder is null ? null : Entity(EntityTypes.Feeder, line.Feeder);
            found.Add(heads.TryGetValue(line.Id, out var f)
                ? new Violation(GridViolation.Overload, Entity(EntityTypes.Feeder, f), feeder, state.LineLoadingPercent[k], options.OverloadPercent)
                : new Violation(GridViolation.Overload, Entity(EntityTypes.ACLineSegment, line.Id), feeder, state.LineLoadingPercent[k], options.OverloadPercent));
        }
        for (var k = 0; k < grid.Transformers.Count; k++)
            if (state.TransformerLoadingPercent[k] > limit)
                found.Add(new Violation(GridViolation.Overload, Entity(EntityTypes.PowerTransformer, grid.Transformers[k].Id), null,
                    state.TransformerLoadingPercent[k], options.OverloadPercent));
        var band = margin / 1000;
        for (var i = 0; i < grid.Buses.Count; i++)
        {
            var v = state.VoltagePu[i];
            if (!state.Energised[i] || double.IsNaN(v) || grid.Buses[i].Source) continue;
            var feeder = grid.Buses[i].Feeder is { } fd ? Entity(EntityTypes.Feeder, fd) : null;
            if (v < options.VoltageLowPu + band)
                found.Add(new Violation(GridViolation.Undervoltage, Entity(EntityTypes.BusbarSection, grid.Buses[i].Id), feeder, v, options.VoltageLowPu));
            else if (v > options.VoltageHighPu - band)
                found.Add(new Violation(GridViolation.Overvoltage, Entity(EntityTypes.BusbarSection, grid.Buses[i].Id), feeder, v, options.VoltageHighPu));
        }
        return found;
    }
}
