using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Running.Energy;

namespace CityMesh.Scenarios.Running.Compound;

/// <summary>A bus the flood takes out and from when, s after the flood starts.</summary>
internal sealed record FloodedBus(int Bus, double Seconds, string Site);

/// <summary>
/// The flood's substations on the grid: a flooded substation takes out every bus standing in it (its busbars), a
/// flooded secondary substation (a feeder's kiosk, a busbar of its own) itself; each from when the water around it
/// passes the closure depth (the arrival the flood records, the depth at which its road closes and an ambulance
/// station is out too), and for the rest of the run: nothing dries out within a horizon of hours. A site the water
/// reaches less deeply than that (flooded, but with no arrival) stays in: its plant stands above the water.
/// </summary>
internal static class FloodedGrid
{
    public static IReadOnlyList<FloodedBus> Buses(EnergyGrid grid, TwinGrid twin, FloodConsequences flood)
    {
        // The twin's bus entity, and the local id of the substation it stands in, by its entity id.
        var substationOf = twin.Buses.Select((b, i) => (b.Entity, twin.Grid.Buses[i].Substation))
            .ToDictionary(p => p.Entity, p => p.Substation, StringComparer.Ordinal);
        var flooded = new List<FloodedBus>();
        foreach (var site in flood.Sites.Where(s => s.Type is EntityTypes.Substation or EntityTypes.BusbarSection))
        {
            if (site.ArrivalSeconds is not { } seconds) continue;
            for (int k = 0; k < grid.Buses.Count; k++)
            {
                if (grid.Buses[k].Entity is not { } entity) continue;
                bool hit = site.Type == EntityTypes.BusbarSection
                    ? entity == site.Id
                    : substationOf.TryGetValue(entity, out var substation) && site.Id.EndsWith(":" + substation, StringComparison.Ordinal);
                if (hit) flooded.Add(new FloodedBus(k, seconds, site.Name));
            }
        }
        return flooded;
    }

    /// <summary>
    /// The switching states over <paramref name="intervals"/>: normal until the first bus floods, then a state per
    /// interval at which more buses are out (an interval is out when its middle is at or after the bus's time).
    /// </summary>
    public static IReadOnlyList<GridSegment> Segments(EnergyGrid grid, IReadOnlyList<FloodedBus> flooded, int intervals, double intervalHours)
    {
        int From(FloodedBus b) => Math.Clamp((int)Math.Ceiling(b.Seconds / 3600 / intervalHours - 0.5), 0, intervals);
        var starts = flooded.Select(From).Where(i => i < intervals).Distinct().Order().ToList();
        var segments = new List<GridSegment>();
        if (starts.Count == 0 || starts[0] > 0) segments.Add(new GridSegment(0, starts.Count == 0 ? intervals : starts[0], GridState.Normal(grid)));
        for (int k = 0; k < starts.Count; k++)
        {
            var outs = flooded.Where(b => From(b) <= starts[k]).ToList();
            var names = outs.Select(b => b.Site).Distinct().ToList();
            var state = GridState.Isolating(grid, outs.Select(b => b.Bus).ToHashSet(),
                $"flooded: {string.Join(", ", names.Take(8))}{(names.Count > 8 ? ", ..." : "")}");
            segments.Add(new GridSegment(starts[k], k + 1 < starts.Count ? starts[k + 1] : intervals, state));
        }
        return segments;
    }
}
