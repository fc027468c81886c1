using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>Turns the run's buffers and accumulators into the public result records.</summary>
internal static class ResultsBuilder
{
    public static TrafficResults Build(TrafficNetwork network, TrafficDemand demand, TrafficState s, Departures departures, double[] routeLength, double wallSeconds)
    {
        var f = s.Fleet;
        var tally = s.Tally;
        var trips = new TripRecord[f.Count];
        double travel = 0, waiting = 0, loss = 0, delay = 0;
        int inserted = 0;
        for (int v = 0; v < f.Count; v++)
        {
            double depart = departures.Depart(v);
            var status = (TripStatus)f.Status[v];
            trips[v] = new TripRecord(demand.Trips[v].Id, depart, f.InsertTime[v], f.InsertTime[v] - depart, f.ArrivalTime[v],
                f.ArrivalTime[v] - depart, f.WaitingTime[v], f.TimeLoss[v], Distance(f, v, status, routeLength[v]), status, demand.Types[demand.Trips[v].Type].Id);
            if (!double.IsNaN(f.InsertTime[v]))
            {
                inserted++;
                delay += f.InsertTime[v] - depart;
            }
            if (status == TripStatus.Arrived)
            {
                travel += f.ArrivalTime[v] - depart;
                waiting += f.WaitingTime[v];
                loss += f.TimeLoss[v];
            }
        }

        var lanes = new LaneRecord[s.Roads.LaneCount];
        for (int l = 0; l < lanes.Length; l++)
        {
            long n = tally.VehicleSteps[l];
            lanes[l] = new LaneRecord(network.Lanes[l].Id, network.Edges[s.Roads.LaneEdge[l]].Id, tally.Entered[l],
                n == 0 ? double.NaN : tally.SpeedSum[l] / n, Mean(tally.OccupancySum[l], tally.Steps), tally.WaitingSum[l], tally.TimeLossSum[l]);
        }

        var edges = new EdgeRecord[s.Roads.EdgeCount];
        for (int e = 0; e < edges.Length; e++)
        {
            double speedSum = 0, occupancy = 0;
            long steps = 0;
            int laneCount = s.Roads.EdgeLaneStart[e + 1] - s.Roads.EdgeLaneStart[e];
            for (int k = s.Roads.EdgeLaneStart[e]; k < s.Roads.EdgeLaneStart[e + 1]; k++)
            {
                int l = s.Roads.EdgeLanes[k];
                speedSum += tally.SpeedSum[l];
                steps += tally.VehicleSteps[l];
                occupancy += lanes[l].MeanOccupancy;
            }
            edges[e] = new EdgeRecord(network.Edges[e].Id, tally.EdgeEntered[e], steps == 0 ? double.NaN : speedSum / steps,
                laneCount == 0 ? 0 : occupancy / laneCount);
        }

        var intersections = new List<IntersectionRecord>();
        for (int j = 0; j < network.Junctions.Count; j++)
        {
            int first = tally.JunctionIncomingStart[j], last = tally.JunctionIncomingStart[j + 1];
            if (first == last || network.Junctions[j].Kind == JunctionKind.DeadEnd) continue;
            double incomingLoss = 0;
            for (int k = first; k < last; k++) incomingLoss += tally.TimeLossSum[tally.JunctionIncoming[k]];
            long passed = tally.JunctionPassed[j];
            intersections.Add(new IntersectionRecord(network.Junctions[j].Id, passed, passed == 0 ? double.NaN : incomingLoss / passed,
                Mean(tally.JunctionQueueSum[j], tally.Steps), tally.JunctionMaxQueue[j]));
        }

        int waitingToInsert = departures.Waiting;
        int arrived = s.Arrived;
        var summary = new SimulationSummary(
            s.Time, s.Step, f.Count, s.Due, s.Inserted, arrived, s.Inserted - arrived, waitingToInsert,
            arrived == 0 ? double.NaN : travel / arrived,
            arrived == 0 ? double.NaN : waiting / arrived,
            arrived == 0 ? double.NaN : loss / arrived,
            inserted == 0 ? double.NaN : delay / inserted,
            s.VehicleUpdates, wallSeconds, wallSeconds > 0 ? s.VehicleUpdates / wallSeconds : 0, f.BytesPerVehicle(), s.Teleports,
            TeleportsJam: s.TeleportsJam, TeleportsYield: s.TeleportsYield, TeleportsWrongLane: s.TeleportsWrongLane,
            TeleportsCollision: s.TeleportsCollision);
        return new TrafficResults(summary, trips, lanes, edges, intersections);
    }

    private static double Mean(double sum, long count) => count == 0 ? 0 : sum / count;

    /// <summary>
    /// An arrived trip's distance driven (SUMO's tripinfo routeLength); a running one's so far; a trip not yet on the road,
    /// its route's length.
    /// </summary>
    private static double Distance(Fleet f, int v, TripStatus status, double planned) => status switch
    {
        TripStatus.Arrived => f.Odometer[v],
        TripStatus.Running => f.Odometer[v] + f.Position[v],
        _ => planned,
    };
}
