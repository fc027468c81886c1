namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// A leak on a pipe is simulated at the pipe's middle: the pipe becomes two halves meeting at a new junction (no
/// demand, the mean of its ends' elevations), where the leak is an emitter. The network is otherwise the same.
/// </summary>
public static class PipeSplit
{
    public static string JunctionOf(string pipe) => $"{pipe}#mid";

    public static WaterNetwork AtMidpoint(WaterNetwork net, string pipeId)
    {
        var pipe = net.Pipes.FirstOrDefault(p => p.Id == pipeId) ?? throw new ArgumentException($"no pipe '{pipeId}' in the network", nameof(pipeId));
        double Elevation(string node) =>
            net.Junctions.FirstOrDefault(j => j.Id == node)?.Elevation
            ?? net.Tanks.FirstOrDefault(t => t.Id == node)?.Elevation
            ?? net.Reservoirs.First(r => r.Id == node).Head;
        string mid = JunctionOf(pipeId);
        var junction = new WaterJunction(mid, (Elevation(pipe.From) + Elevation(pipe.To)) / 2, []);
        var first = pipe with { Id = pipeId + "#a", To = mid, Length = pipe.Length / 2 };
        var second = pipe with { Id = pipeId + "#b", From = mid, Length = pipe.Length / 2, MinorLoss = 0 };
        var coordinates = net.Coordinates.ToDictionary(c => c.Key, c => c.Value);
        if (net.Coordinates.TryGetValue(pipe.From, out var a) && net.Coordinates.TryGetValue(pipe.To, out var b))
            coordinates[mid] = ((a.X + b.X) / 2, (a.Y + b.Y) / 2);
        return net with
        {
            Junctions = [.. net.Junctions, junction],
            Pipes = [.. net.Pipes.Where(p => p.Id != pipeId), first, second],
            Coordinates = coordinates,
        };
    }
}
