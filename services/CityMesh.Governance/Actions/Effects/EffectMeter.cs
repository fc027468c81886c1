using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Twin;
using CityMesh.Governance.Actions.Execution;

namespace CityMesh.Governance.Actions.Effects;

/// <summary>
/// Measures an effect against the twin as it is now, patch by patch, by the kind of entity each patch changes, and
/// combines the measures (the largest of each). Guardrails judge these, never the measures a proposal declares about
/// itself: a proposer could declare a 6 s change and send a 7 s cycle. An entity type without a measure here cannot
/// be vouched for, so its changes always wait for an operator. Domains add their measures as they gain governed actions.
/// </summary>
public sealed class EffectMeter(TwinPatcher twin, TimeProvider clock)
{
    public async Task<EffectMeasurement> MeasureAsync(IReadOnlyList<TwinPatch> effect, CancellationToken ct = default)
    {
        if (effect.Count == 0) return EffectMeasurement.Refused("the effect changes nothing in the twin");
        var combined = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var patch in effect)
        {
            var current = await twin.ReadAsync(patch.EntityId, ct);
            if (current is not { } entity) return EffectMeasurement.Refused($"{patch.EntityId} could not be read from the twin");
            var type = entity.TryGetProperty("type", out var t) ? t.GetString() : null;
            var measured = type switch
            {
                EntityTypes.TrafficSignal => SignalPlanChange.Measure(patch.EntityId, entity, patch.Attributes),
                // Sending a crew sets its status; a new way for a crew on a call leaves it as it is.
                EntityTypes.Vehicle when patch.Attributes.TryGetProperty("emergencyStatus", out _) =>
                    await AmbulanceDispatch.MeasureAsync(patch.EntityId, entity, patch.Attributes, id => twin.ReadAsync(id, ct)),
                EntityTypes.Vehicle => await AmbulanceReroute.MeasureAsync(patch.EntityId, entity, patch.Attributes, id => twin.ReadAsync(id, ct)),
                EntityTypes.EmergencyCall => AmbulanceDispatch.MeasureCall(patch.EntityId, patch.Attributes),
                EntityTypes.Hospital => HospitalDiversion.Measure(patch.EntityId, entity, patch.Attributes, clock.GetUtcNow()),
                _ => EffectMeasurement.Refused($"{patch.EntityId} is a {type}; governance has no measure of changes to it"),
            };
            if (!measured.Measured) return measured;
            foreach (var (name, value) in measured.Measures)
                combined[name] = combined.TryGetValue(name, out var seen) ? Math.Max(seen, value) : value;
        }
        return new EffectMeasurement(combined);
    }
}
