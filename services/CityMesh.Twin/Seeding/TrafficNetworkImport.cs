using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// The road network as the twin holds it: every intersection (signalised, or a boundary node), a
/// TrafficSignal with its light phases for each signalised one, a RoadSegment per directed road and a
/// TrafficFlowObserved detector on each road. Local ids keep the network's ids (CityFlow's as they are, SUMO's
/// escaped where a URN needs it: <see cref="EntityId"/>), so the traffic simulator can map its roads back to the
/// twin. Intersections keep their movements down to the lanes they join and the paths across the junction, so the
/// twin holds the whole network and a simulation can be built from it alone (<see cref="RoadNetwork.TwinRoadNetwork"/>).
/// </summary>
internal static class TrafficNetworkImport
{
    /// <summary>Detectors sit this far along their road, where queues from the downstream signal reach.</summary>
    private const double DetectorPosition = 0.7;

    public static void AddTo(ICollection<Entity> city, CityFlowRoadNetwork network, IGeoreference plane, string citySegment)
    {
        foreach (var intersection in network.Intersections)
        {
            var location = new Point(plane.ToWgs84(intersection.Point.X, intersection.Point.Y));
            var node = new EntityDraft(EntityTypes.Intersection, citySegment, EntityIds.LocalIdOf(intersection.Id))
                .At(location)
                .With("name", intersection.Id)
                .With("signalised", intersection.Signalised)
                .With("networkBoundary", intersection.Virtual)
                .With("width", intersection.Width, UnitCodes.Metre);
            if (intersection.JunctionType is { } junctionType) node.With("junctionType", junctionType);
            if (intersection.RoadLinks.Count > 0)
                node.WithStructure("movements", intersection.RoadLinks.Select(link => new IntersectionMovement(
                    EntityId(EntityTypes.RoadSegment, citySegment, link.StartRoad),
                    EntityId(EntityTypes.RoadSegment, citySegment, link.EndRoad),
                    link.Type,
                    [.. link.LaneLinks.Select(lane => new LaneLink(lane.StartLaneIndex, lane.EndLaneIndex,
                        [.. lane.Points.Select(p => plane.ToWgs84(p.X, p.Y)).Select(p => new[] { p.Longitude, p.Latitude })]))])).ToArray());
            city.Add(node.Build());
            if (!intersection.Signalised) continue;

            var light = intersection.TrafficLight!;
            var phases = light.LightPhases.Select((phase, index) => new SignalPhase(
                index,
                phase.Time,
                [.. phase.AvailableRoadLinks.Select(i => intersection.RoadLinks[i]).Select(link => new SignalMovement(
                    EntityId(EntityTypes.RoadSegment, citySegment, link.StartRoad),
                    EntityId(EntityTypes.RoadSegment, citySegment, link.EndRoad),
                    link.Type))])).ToArray();
            city.Add(new EntityDraft(EntityTypes.TrafficSignal, citySegment, EntityIds.LocalIdOf(intersection.Id))
                .At(location)
                .With("name", $"Signal {intersection.Id}")
                .WithStructure("phases", phases)
                .With("cycleLength", phases.Sum(p => p.Duration), UnitCodes.Second)
                .With("controlMode", SignalControlModes.FixedTime)
                .Link("refIntersection", node.Id)
                .Build());
        }

        foreach (var road in network.Roads)
        {
            var points = road.Points.Select(p => plane.ToWgs84(p.X, p.Y)).ToArray();
            var laneWidths = road.Lanes.Select(l => l.Width).ToArray();
            // CityFlow gives a speed per lane; the road's limit is the fastest lane's, in km/h as signs show it.
            var maxSpeed = Math.Round(road.Lanes.Max(l => l.MaxSpeed) * 3.6, 1);
            var segment = new EntityDraft(EntityTypes.RoadSegment, citySegment, EntityIds.LocalIdOf(road.Id))
                .At(new LineString(points))
                .With("name", road.Id)
                .With("totalLaneNumber", road.Lanes.Count)
                .WithStructure("laneWidths", laneWidths, UnitCodes.Metre)
                .With("width", laneWidths.Sum(), UnitCodes.Metre)
                .With("maxSpeed", maxSpeed, UnitCodes.KilometrePerHour)
                .With("length", Math.Round(road.Length, 2), UnitCodes.Metre)
                .Link("refStartIntersection", EntityId(EntityTypes.Intersection, citySegment, road.StartIntersection))
                .Link("refEndIntersection", EntityId(EntityTypes.Intersection, citySegment, road.EndIntersection));
            city.Add(segment.Build());

            city.Add(new EntityDraft(EntityTypes.TrafficFlowObserved, citySegment, EntityIds.LocalIdOf(road.Id))
                .At(new Point(plane.ToWgs84(DetectorSite(road).X, DetectorSite(road).Y)))
                .With("name", $"Detector {road.Id}")
                .With("laneCount", road.Lanes.Count)
                .Link("refRoadSegment", segment.Id)
                .Build());
        }
    }

    /// <summary>
    /// The id of the entity a network's road or intersection becomes: its own id as the local id, escaped where it holds
    /// characters a URN cannot carry (<see cref="EntityIds.LocalIdOf"/>), so the traffic simulator maps it back.
    /// </summary>
    public static string EntityId(string type, string citySegment, string networkId) =>
        EntityIds.Create(type, citySegment, EntityIds.LocalIdOf(networkId));

    /// <summary>In the middle of the road's lanes (right of its centreline), <see cref="DetectorPosition"/> along it.</summary>
    private static PlanePoint DetectorSite(CityFlowRoad road)
    {
        var points = road.Points.Select(p => new PlanePoint(p.X, p.Y)).ToArray();
        var target = road.Length * DetectorPosition;
        for (var i = 1; i < points.Length; i++)
        {
            var step = points[i].DistanceTo(points[i - 1]);
            if (step == 0) continue;
            if (target <= step || i == points.Length - 1)
            {
                var direction = (points[i] - points[i - 1]).Unit;
                var offset = road.Lanes.Sum(l => l.Width) / 2;
                return points[i - 1] + direction * Math.Min(target, step) + direction.Right * offset;
            }
            target -= step;
        }
        return points[0];
    }
}
