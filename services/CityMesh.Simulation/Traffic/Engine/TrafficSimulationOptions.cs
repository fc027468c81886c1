namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>How a traffic run is stepped, seeded, controlled and ended.</summary>
public sealed record TrafficSimulationOptions
{
    /// <summary>Seconds per step (SUMO's --step-length).</summary>
    public double StepLength { get; init; } = 1.0;

    /// <summary>Seeds every random draw; the same seed gives the same run on any number of threads.</summary>
    public ulong Seed { get; init; } = 42;

    public SignalControl Controller { get; init; } = SignalControl.FixedTime;

    /// <summary>
    /// Signals (by <see cref="Model.SignalProgram.Id"/>) run by max pressure whatever <see cref="Controller"/> says, the
    /// others keeping <see cref="Controller"/>: how one junction's switch to adaptive control is evaluated.
    /// </summary>
    public IReadOnlySet<string>? MaxPressureAt { get; init; }

    /// <summary>Seconds at which the run stops; null runs until every trip has arrived (bounded by <see cref="MaxTime"/>).</summary>
    public double? EndTime { get; init; }

    /// <summary>Upper bound on simulated seconds when <see cref="EndTime"/> is null, so gridlock cannot run forever.</summary>
    public double MaxTime { get; init; } = 86_400;

    /// <summary>Max-pressure: the shortest green before a phase may be left.</summary>
    public double MinGreen { get; init; } = 10;

    /// <summary>Max-pressure: the yellow shown on links that lose their green when the phase changes.</summary>
    public double Yellow { get; init; } = 3;

    /// <summary>
    /// Seconds a lane's first vehicle may stand before it is moved on to the next free edge of its route (SUMO's
    /// --time-to-teleport, default 300); zero or less never teleports.
    /// </summary>
    public double TimeToTeleport { get; init; } = 300;

    /// <summary>Threads for the lane kernels; null lets the runtime choose. Results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Simulated seconds between progress reports in <see cref="TrafficSimulation.Run"/>.</summary>
    public double ProgressInterval { get; init; } = 60;

    /// <summary>This, or an <see cref="ArgumentOutOfRangeException"/> whose message names the setting and its value.</summary>
    public TrafficSimulationOptions Validated()
    {
        static void Require(bool ok, string name, object? value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} is {value}; it must be {rule}.");
        }
        Require(double.IsFinite(StepLength) && StepLength > 0 && StepLength <= 60, nameof(StepLength), StepLength, "above 0 and at most 60 seconds");
        Require(EndTime is null || (double.IsFinite(EndTime.Value) && EndTime > 0), nameof(EndTime), EndTime, "positive (or unset to run until every trip arrives)");
        Require(double.IsFinite(MaxTime) && MaxTime > 0, nameof(MaxTime), MaxTime, "positive");
        Require(double.IsFinite(MinGreen) && MinGreen >= 0, nameof(MinGreen), MinGreen, "zero or more seconds");
        Require(double.IsFinite(Yellow) && Yellow >= 0, nameof(Yellow), Yellow, "zero or more seconds");
        Require(!double.IsNaN(TimeToTeleport), nameof(TimeToTeleport), TimeToTeleport, "a number (zero or less never teleports)");
        Require(MaxDegreeOfParallelism is null or >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "at least 1 (or unset)");
        Require(double.IsFinite(ProgressInterval) && ProgressInterval > 0, nameof(ProgressInterval), ProgressInterval, "positive");
        return this;
    }
}
