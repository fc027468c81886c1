namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads each junction's right-of-way rows into the connections' Foes. Row i's <c>response</c> has one bit per link of
/// the junction with link 0 last (the rightmost character); a '1' at link k means link i must let link k pass.
/// Which connection is link i: the one whose path across the junction ends on the i-th lane of <c>intLanes</c>
/// (pedestrian crossings take places there too and are left out); in a network built without internal lanes, the
/// junction's connections walked lane by lane in the order of <c>incLanes</c>, each lane's in file order.
/// </summary>
internal static class SumoRightOfWay
{
    /// <returns>Per connection record (by position in <see cref="SumoNetworkFile.Connections"/>), the records it yields to.</returns>
    public static int[][] Foes(SumoNetworkFile file)
    {
        var links = Links(file);
        var foes = new int[file.Connections.Count][];
        Array.Fill(foes, []);
        foreach (var junction in file.Junctions)
        {
            var linkRecords = links[junction];
            foreach (var (index, response, place) in junction.Requests.Values)
            {
                if (index < 0 || index >= linkRecords.Length)
                    throw place.Error("index", $"{index} is outside the {linkRecords.Length} links of junction '{junction.Id}'");
                if (response.Length != linkRecords.Length)
                    throw place.Error("response", $"of link {index} at junction '{junction.Id}' has {response.Length} bits for {linkRecords.Length} links");
                if (linkRecords[index] < 0) continue;
                var yieldsTo = new List<int>();
                for (var k = 0; k < linkRecords.Length; k++)
                {
                    var bit = response[linkRecords.Length - 1 - k];
                    if (bit is not ('0' or '1'))
                        throw place.Error("response", $"of link {index} at junction '{junction.Id}' has '{bit}'; only 0 and 1 are allowed");
                    if (bit == '1' && linkRecords[k] >= 0) yieldsTo.Add(linkRecords[k]);
                }
                foes[linkRecords[index]] = [.. yieldsTo];
            }
        }
        return foes;
    }

    /// <summary>Per junction, the connection record of each link index, or -1 for a link the model does not carry.</summary>
    private static Dictionary<SumoJunctionRecord, int[]> Links(SumoNetworkFile file)
    {
        var links = new Dictionary<SumoJunctionRecord, int[]>();
        var slotOfLane = new Dictionary<string, (int[] Links, int Index)>(StringComparer.Ordinal);
        var byIncomingLane = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < file.Connections.Count; r++)
        {
            var c = file.Connections[r];
            var lane = $"{c.From}_{c.FromLane}";
            if (!byIncomingLane.TryGetValue(lane, out var list)) byIncomingLane[lane] = list = [];
            list.Add(r);
        }

        foreach (var junction in file.Junctions)
        {
            if (junction.InternalLanes.Count > 0)
            {
                var slots = new int[junction.InternalLanes.Count];
                Array.Fill(slots, -1);
                for (var i = 0; i < slots.Length; i++) slotOfLane[junction.InternalLanes[i]] = (slots, i);
                links[junction] = slots;
            }
            else
            {
                links[junction] = junction.IncomingLanes.SelectMany(l => byIncomingLane.GetValueOrDefault(l) ?? []).ToArray();
            }
        }
        for (var r = 0; r < file.Connections.Count; r++)
            if (file.Connections[r].Via is { } via && slotOfLane.TryGetValue(file.ViaChain(via).Take(17).Last(), out var slot))
                slot.Links[slot.Index] = r;
        return links;
    }
}
