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
    public static SignalProgram Read(JsonField intersection, int junction, IReadOnlyList<int> roadLinkOfLink)
    {
        var light = intersection.Property("trafficLight");
        var roadLinkCount = intersection.OptionalProperty("roadLinks")?.Count() ?? 0;
        var phases = new List<SignalPhase>();
        foreach (var phase in light.Property("lightphases").Items())
        {
            var duration = phase.Number("time", ImportBounds.PhaseDuration);
            var available = new bool[roadLinkCount];
            foreach (var item in phase.Property("availableRoadLinks").Items())
            {
                var r = item.Int();
                if (r < 0 || r >= roadLinkCount) throw item.Error($"{r} is not a road link of this intersection ({roadLinkCount} road links)");
                available[r] = true;
            }
            var state = new StringBuilder(roadLinkOfLink.Count);
            foreach (var r in roadLinkOfLink) state.Append(available[r] ? 'G' : 'r');
            phases.Add(new SignalPhase(duration, state.ToString()));
        }
        if (phases.Count == 0) throw light.Property("lightphases").Error("is empty");
        // A cycle of zero seconds has no phase to show at any time; the fixed-time controller divides by it.
        if (phases.Sum(p => p.Duration) <= 0)
            throw light.Property("lightphases").Error($"has {phases.Count} phases that last 0 s in all; a cycle must last more than 0 s");
        return new SignalProgram(intersection.String("id"), junction, 0, phases);
    }
}
