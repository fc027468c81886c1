using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Edits;

/// <summary>
/// A new fixed-time plan for one junction's programme: explicit <see cref="PhaseDurations"/> (one per existing
/// phase), or <see cref="CycleScale"/> applied to the green phases (yellow and all-red clearances keep their
/// length: they are set by safety, not by demand); <see cref="Offset"/> moves the cycle start.
/// </summary>
public sealed record SignalRetime(int Junction, IReadOnlyList<double>? PhaseDurations = null, double? CycleScale = null, double? Offset = null);

public static class SignalRetiming
{
    public static TrafficNetwork Apply(TrafficNetwork network, IEnumerable<SignalRetime> plans)
    {
        ArgumentNullException.ThrowIfNull(network);
        var signals = network.Signals.ToArray();
        foreach (var plan in plans)
        {
            var junction = network.Junctions[plan.Junction];
            if (junction.Signal is not int s)
                throw new ArgumentException($"Junction '{junction.Id}' has no traffic light to retime.", nameof(plans));
            var program = signals[s];
            var phases = program.Phases.ToArray();
            if (plan.PhaseDurations is { } durations)
            {
                if (durations.Count != phases.Length)
                    throw new ArgumentException($"Junction '{junction.Id}': {durations.Count} phase durations given, its programme '{program.Id}' has {phases.Length} phases.", nameof(plans));
                if (durations.Any(d => !double.IsFinite(d) || d <= 0))
                    throw new ArgumentException($"Junction '{junction.Id}': phase durations must be positive seconds.", nameof(plans));
                for (int p = 0; p < phases.Length; p++) phases[p] = phases[p] with { Duration = durations[p] };
            }
            if (plan.CycleScale is double scale)
            {
                if (!double.IsFinite(scale) || scale <= 0)
                    throw new ArgumentException($"Junction '{junction.Id}': cycle scale must be positive.", nameof(plans));
                for (int p = 0; p < phases.Length; p++)
                    if (IsGreen(phases[p])) phases[p] = phases[p] with { Duration = Math.Max(1, Math.Round(phases[p].Duration * scale)) };
            }
            signals[s] = program with { Phases = phases, Offset = plan.Offset ?? program.Offset };
        }
        return network with { Signals = signals };
    }

    /// <summary>A phase that gives some link a green (SUMO's G or g); the rest are clearances.</summary>
    private static bool IsGreen(SignalPhase phase) => phase.State.AsSpan().IndexOfAny('G', 'g') >= 0;
}
