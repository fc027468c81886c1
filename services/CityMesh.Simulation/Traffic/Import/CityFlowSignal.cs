using System.Text;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A CityFlow intersection's <c>trafficLight.lightphases</c> as a fixed-time programme: each phase lasts its
/// <c>time</c> and shows 'G' on every lane link whose road link is in <c>availableRoadLinks</c>, 'r' on the rest.
/// CityFlow has no yellow of its own; its short all-red phases (5 s in the benchmark sets) play that part.
/// </summary>
internal static class CityFlowSignal
{
    /// <param name="roadLinkOfLink">For each lane link of the intersection, in order, the index of its road link.</param>
    public static SignalProgram Program(CityFlowIntersection intersection, int junction, IReadOnlyList<int> roadLinkOfLink)
    {
        // The reader requires a light with phases on every intersection that is not virtual.
        var light = intersection.TrafficLight!;
        var phases = new List<SignalPhase>(light.LightPhases.Count);
        foreach (var phase in light.LightPhases)
        {
            var available = new bool[intersection.RoadLinks.Count];
            foreach (var r in phase.AvailableRoadLinks) available[r] = true;
            var state = new StringBuilder(roadLinkOfLink.Count);
            foreach (var r in roadLinkOfLink) state.Append(available[r] ? 'G' : 'r');
            phases.Add(new SignalPhase(phase.Time, state.ToString()));
        }
        return new SignalProgram(intersection.Id, junction, 0, phases);
    }
}
