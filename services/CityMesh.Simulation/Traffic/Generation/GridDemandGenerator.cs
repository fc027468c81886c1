using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Generation;

/// <summary>
/// Random trips on a <see cref="GridNetworkGenerator"/> grid, for scale runs: each trip departs at a uniformly random
/// time in [0, DepartWindow), from a random junction to another at most MaxBlocks blocks away along each axis, on an
/// L-shaped route (along the row, then along the column): on a grid of equal blocks that is a shortest route, and
/// it costs no search, so a million trips are made in seconds.
/// </summary>
public static class GridDemandGenerator
{
    public static TrafficDemand Build(TrafficNetwork grid, int trips, double departWindow, int maxBlocks = 10, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trips, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(departWindow);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        var number = (int)Math.Round(Math.Sqrt(grid.Junctions.Count));
        if (number * number != grid.Junctions.Count || number < 2)
            throw new ArgumentException("the network is not a square grid from GridNetworkGenerator", nameof(grid));
        var step = new int[number * number * 4]; // [junction * 4 + heading] → edge leaving it that way
        Array.Fill(step, -1);
        for (var e = 0; e < grid.Edges.Count; e++)
        {
            var (from, to) = (grid.Edges[e].From, grid.Edges[e].To);
            step[from * 4 + Heading(from, to, number)] = e;
        }

        var random = new Random(seed);
        var departs = new double[trips];
        for (var i = 0; i < trips; i++) departs[i] = Math.Round(random.NextDouble() * departWindow);
        Array.Sort(departs);
        var list = new Trip[trips];
        var route = new List<int>(2 * maxBlocks);
        for (var i = 0; i < trips; i++)
        {
            int x, y, dx, dy;
            do
            {
                (x, y) = (random.Next(number), random.Next(number));
                dx = Math.Clamp(x + random.Next(-maxBlocks, maxBlocks + 1), 0, number - 1) - x;
                dy = Math.Clamp(y + random.Next(-maxBlocks, maxBlocks + 1), 0, number - 1) - y;
            }
            while (Math.Abs(dx) + Math.Abs(dy) < 2); // at least two edges, so every trip crosses a junction
            route.Clear();
            var junction = y * number + x;
            for (var k = 0; k < Math.Abs(dx); k++) junction = Walk(grid, step, junction, dx > 0 ? 0 : 2, route);
            for (var k = 0; k < Math.Abs(dy); k++) junction = Walk(grid, step, junction, dy > 0 ? 1 : 3, route);
            list[i] = new Trip($"g{i}", 0, departs[i], [.. route]);
        }
        return new TrafficDemand([VehicleType.DefaultCar], list);
    }

    private static int Walk(TrafficNetwork grid, int[] step, int junction, int heading, List<int> route)
    {
        var edge = step[junction * 4 + heading];
        route.Add(edge);
        return grid.Edges[edge].To;
    }

    /// <summary>0 east, 1 north, 2 west, 3 south, from junction indices laid out row by row.</summary>
    private static int Heading(int from, int to, int number) => (to - from) switch
    {
        1 => 0,
        -1 => 2,
        var d when d == number => 1,
        _ => 3,
    };
}
