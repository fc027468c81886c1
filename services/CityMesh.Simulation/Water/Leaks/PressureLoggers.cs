namespace CityMesh.Simulation.Water.Leaks;

/// <summary>Where a utility puts its pressure loggers on a network: for the labelled data sets and for the twin's seeded meters alike.</summary>
public static class PressureLoggers
{
    /// <summary>
    /// <paramref name="count"/> loggers spread over the junctions (indexes into the network's junctions, ascending):
    /// farthest-point sampling over positions from the first junction; evenly by index when some junction has no position.
    /// </summary>
    public static int[] Spread(WaterNetwork net, int count)
    {
        count = Math.Clamp(count, 1, net.Junctions.Count);
        if (net.Junctions.Any(j => !net.Coordinates.ContainsKey(j.Id)))
            return [.. Enumerable.Range(0, count).Select(i => i * net.Junctions.Count / count)];
        var at = net.Junctions.Select(j => net.Coordinates[j.Id]).ToArray();
        var chosen = new List<int> { 0 };
        while (chosen.Count < count)
            chosen.Add(Enumerable.Range(0, at.Length).Where(i => !chosen.Contains(i))
                .MaxBy(i => chosen.Min(c => Math.Pow(at[i].X - at[c].X, 2) + Math.Pow(at[i].Y - at[c].Y, 2))));
        return [.. chosen.Order()];
    }
}
