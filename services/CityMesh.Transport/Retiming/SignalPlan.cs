using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Transport.Network;
using CityMesh.Twin.Client;

namespace CityMesh.Transport.Retiming;

/// <summary>A signal's plan as the twin holds it: its phases (durations and the movements each lets go) and control mode.</summary>
/// <param name="Junction">The junction's local id, as in <see cref="TransportNetwork.Roads"/>.</param>
public sealed record SignalPlan(string SignalId, string Junction, IReadOnlyList<SignalPhase> Phases, string ControlMode)
{
    public double Cycle => Phases.Sum(p => p.Duration);

    public bool IsMaxPressure => ControlMode == SignalControlModes.MaxPressure;

    /// <summary>A phase that only lets right turns go is a clearance interval: it keeps its length in every plan.</summary>
    public static bool IsClearance(SignalPhase phase) => phase.Movements.All(m => m.Turn == "turn_right");

    /// <summary>The plan of the signal at <paramref name="junction"/> (local id).</summary>
    /// <exception cref="TwinDataException">The signal's phases cannot be read; names the signal and attribute.</exception>
    public static SignalPlan? At(TransportNetwork network, string junction)
    {
        if (!network.SignalByJunction.TryGetValue(junction, out var signalId)) return null;
        var entity = network.Entities.Signals.Select(e => new NgsiEntity(e)).First(e => e.Id == signalId);
        SignalPhase[] phases;
        try
        {
            phases = entity.Required("phases").Deserialize<SignalPhase[]>(JsonSerializerOptions.Web) ?? throw entity.Error("phases", "is null");
        }
        catch (JsonException e)
        {
            throw entity.Error("phases", $"does not have the expected shape: {e.Message}");
        }
        if (phases.Length == 0) throw entity.Error("phases", "is empty");
        var mode = entity.Value("controlMode") is { ValueKind: JsonValueKind.String } m ? m.GetString()! : SignalControlModes.FixedTime;
        return new SignalPlan(signalId, junction, phases, mode);
    }
}
