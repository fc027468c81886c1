namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads each junction's right-of-way rows into the connections' Foes. A junction numbers its links by walking its
/// incoming lanes in the order of <c>incLanes</c> and, per lane, its connections in file order; row i's
/// <c>response</c> has one bit per link with link 0 last (the rightmost character), and a '1' at link k means link i
/// must let link k pass.
/// </summary>
internal static class SumoRightOfWay
{
    /// <returns>Per connection record (by position in <see cref="SumoNetworkFile.Connections"/>), the records it yields to.</returns>
    public static int[][] Foes(SumoNetworkFile file)
    {
        var byLane = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < file.Connections.Count; i++)
        {
            var c = file.Connections[i];
            var lane = $"{c.From}_{c.FromLane}";
            if (!byLane.TryGetValue(lane, out var list)) byLane[lane] = list = [];
            list.Add(i);
        }

        var foes = new int[file.Connections.Count][];
        Array.Fill(foes, []);
        foreach (var junction in file.Junctions)
        {
            if (junction.Requests.Count == 0) continue;
            var links = new List<int>(); // connection record per junction link index; -1 for a pedestrian link
            foreach (var lane in junction.IncomingLanes)
            {
                if (byLane.TryGetValue(lane, out var list)) links.AddRange(list);
                links.AddRange(Enumerable.Repeat(-1, file.SkippedLinks.GetValueOrDefault(lane)));
            }
            foreach (var (index, response, place) in junction.Requests.Values)
            {
                if (index < 0 || index >= links.Count)
                    throw place.Error("index", $"{index} is outside the {links.Count} links of junction '{junction.Id}'");
                if (response.Length != links.Count)
                    throw place.Error("response", $"of link {index} at junction '{junction.Id}' has {response.Length} bits for {links.Count} links");
                if (links[index] < 0) continue;
                var yieldsTo = new List<int>();
                for (var k = 0; k < links.Count; k++)
                {
                    var bit = response[links.Count - 1 - k];
                    if (bit is not ('0' or '1'))
                        throw place.Error("response", $"of link {index} at junction '{junction.Id}' has '{bit}'; only 0 and 1 are allowed");
                    if (bit == '1' && links[k] >= 0) yieldsTo.Add(links[k]);
                }
                foes[links[index]] = [.. yieldsTo];
            }
        }
        return foes;
    }
}
