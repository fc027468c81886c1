using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Evacuation;
using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// The baseline or a variant of an evacuation made ready, the same for every member: its shelters (with the variant's
/// extra ones), the walkway graph (contraflow roads twice as wide) with each zone building's door and each shelter's
/// entrance attached, each building's stage (its start and, by zone, its shelters), the walkway closures of the
/// flood's cut roads, and, with cars, the road network (contraflow applied).
/// </summary>
internal sealed record EvacuationVariant(
    string Name, ShelterRule Rule, IReadOnlyList<ShelterSite> Shelters, WalkwayGraph Graph, int[] DoorNode, int[] ShelterNode,
    double[] Start, IReadOnlyList<int>?[] AllowedShelters, IReadOnlyList<WalkwayClosure> Closures, TrafficNetwork? Network, IReadOnlyList<string> Notes)
{
    public static EvacuationVariant Prepare(EvacuationSetting setting, EvacuationSpec spec, string name, EvacuationInterventionSpec? change, string field)
    {
        var city = setting.City;
        var notes = new List<string>();
        var shelters = setting.Shelters.ToList();
        if (change is not null) shelters.AddRange(EvacuationSetting.Extra(change.ExtraShelters, city, spec.Walking, $"{field}.extraShelters", shelters));
        if (change?.ExtraShelters.Count > 0) notes.Add($"{change.ExtraShelters.Count} extra shelters, {change.ExtraShelters.Sum(s => s.Capacity ?? 0):N0} places");
        if (shelters.Count == 0) throw new ScenarioInputException(field, "no shelter to go to: the city has none (or the flood reaches them all); add extraShelters.");

        var contraflow = (change?.Contraflow ?? []).Select((r, k) => city.Road(r, $"{field}.contraflow[{k}]")).ToList();
        var builder = new WalkwayBuilder(city.Roads.Select(r => new WalkwayRoad(r.Id, r.Line)),
            new WalkwayBuildOptions { SidewalkWidth = spec.Walking.SidewalkWidth });
        foreach (string road in contraflow) builder.Widen(road, 2);
        if (contraflow.Count > 0) notes.Add($"contraflow on {contraflow.Count} roads");
        var doors = setting.Zone.Select(b => builder.Attach(b.X, b.Y, spec.Walking.DoorWidth, b.Id)).ToArray();
        var entrances = shelters.Select(s => builder.Attach(s.X, s.Y, s.DoorWidth, s.Name)).ToArray();
        var graph = builder.Build();
        var closures = setting.Closures.SelectMany(c => builder.LinksOf(c.Road).Select(l => new WalkwayClosure(l, c.Seconds))).ToList();

        string assignment = change?.Assignment ?? spec.Assignment;
        var rule = assignment == ShelterAssignments.NearestWithRoom ? ShelterRule.NearestWithRoom : ShelterRule.Nearest;
        var start = new double[setting.Zone.Count];
        var allowed = new IReadOnlyList<int>?[setting.Zone.Count];
        var stages = change?.Stages ?? [];
        var stageOf = Enumerable.Repeat(-1, setting.Zone.Count).ToArray();
        for (int k = 0; k < stages.Count; k++)
        {
            var stage = stages[k];
            string at = $"{field}.stages[{k}]";
            var area = EvacuationArea.Of(stage.Area?.Polygon ?? [], stage.Area?.Circle, city, $"{at}.area");
            IReadOnlyList<int>? listed = assignment == ShelterAssignments.ByZone
                ? stage.Shelters.Select((s, j) => ShelterIndex(shelters, s, $"{at}.shelters[{j}]")).ToArray()
                : null;
            int count = 0;
            for (int b = 0; b < setting.Zone.Count; b++)
            {
                if (stageOf[b] >= 0 || !area.Contains(setting.Zone[b].X, setting.Zone[b].Y)) continue;
                stageOf[b] = k;
                start[b] = 60 * stage.StartMinutes;
                allowed[b] = listed;
                count++;
            }
            notes.Add($"stage {stage.Name}: {count} buildings from minute {stage.StartMinutes:0.#}" + (listed is null ? "" : $" to {string.Join(", ", stage.Shelters)}"));
        }

        TrafficNetwork? network = city.Network;
        if (network is not null && contraflow.Count > 0)
        {
            var edges = contraflow.Select((r, k) => city.Edge(network, r) is var e and >= 0 ? e : throw new ScenarioInputException($"{field}.contraflow[{k}]", $"road '{r}' is not in the road network cars drive.")).ToArray();
            try
            {
                network = Contraflow.Apply(network, new TrafficDemand([VehicleType.DefaultCar], []), edges).Network;
            }
            catch (ArgumentException e)
            {
                throw new ScenarioInputException($"{field}.contraflow", e.Message.Split(" (Parameter")[0], e);
            }
        }
        return new EvacuationVariant(name, rule, shelters, graph, doors, entrances, start, allowed, closures, network, notes);
    }

    /// <summary>A shelter by its name or its twin id.</summary>
    private static int ShelterIndex(IReadOnlyList<ShelterSite> shelters, string name, string field)
    {
        for (int k = 0; k < shelters.Count; k++)
            if (shelters[k].Name == name || shelters[k].Id == name) return k;
        throw new ScenarioInputException(field, $"no shelter '{name}' (shelters: {string.Join(", ", shelters.Take(8).Select(s => s.Name))}).");
    }
}
