namespace CityMesh.Contracts.Twin;

/// <summary>One light phase: how long it lasts and the movements that have green.</summary>
public sealed record SignalPhase(int Index, double Duration, IReadOnlyList<SignalMovement> Movements);

/// <summary>A movement from one RoadSegment to another (go_straight, turn_left, turn_right).</summary>
public sealed record SignalMovement(string From, string To, string Turn);

/// <summary>
/// A TrafficSignal's <c>controlMode</c>: its stored <c>phases</c> in order (<see cref="FixedTime"/>), or the phase
/// whose movements carry the most queued traffic after a minimum green (<see cref="MaxPressure"/>).
/// </summary>
public static class SignalControlModes
{
    public const string FixedTime = "fixed-time";
    public const string MaxPressure = "max-pressure";
}
