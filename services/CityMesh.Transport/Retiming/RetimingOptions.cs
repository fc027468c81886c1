namespace CityMesh.Transport.Retiming;

/// <summary>How signal plans are generated, simulated and proposed, under <c>CityMesh:Transport:Retiming</c>.</summary>
public sealed record RetimingOptions
{
    /// <summary>Propose a retiming on its own when an intersection becomes congested (operators can always ask).</summary>
    public bool Automatic { get; init; } = true;

    /// <summary>Simulated time each candidate is judged over (the 30–60 minutes).</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Simulated time before judging starts, so queues build up to what the observed flows sustain.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Runs per candidate with different demand draws; every candidate sees the same draws.</summary>
    public int Seeds { get; init; } = 2;

    /// <summary>A candidate must cut the delay of vehicles crossing the studied junctions by at least this share to be proposed.</summary>
    public double MinImprovement { get; init; } = 0.03;

    /// <summary>The most a proposed plan may add to delay over the whole network (a share), whatever it saves locally.</summary>
    public double NetworkTolerance { get; init; } = 0.01;

    /// <summary>Webster: saturation flow of one lane, vehicles per hour of green.</summary>
    public double SaturationFlowPerLane { get; init; } = 1800;

    /// <summary>Webster: start-up and clearance time lost per green phase, s.</summary>
    public double LostTimePerPhase { get; init; } = 2;

    public double MinCycle { get; init; } = 40;
    public double MaxCycle { get; init; } = 180;

    /// <summary>Shortest green a Webster plan gives a phase, s (pedestrians need to cross).</summary>
    public double MinGreen { get; init; } = 8;

    /// <summary>How long a proposal may wait for a decision.</summary>
    public TimeSpan ProposalLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>After a decision on a signal, how long before it is retimed on its own again.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(10);

    internal void Validate(string section)
    {
        static void Require(bool ok, string key, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{key} is {value}; it must be {rule}.");
        }
        Require(Horizon >= TimeSpan.FromMinutes(5) && Horizon <= TimeSpan.FromHours(3), $"{section}:Horizon", Horizon, "from 00:05:00 to 03:00:00");
        Require(Warmup >= TimeSpan.Zero && Warmup <= TimeSpan.FromHours(1), $"{section}:Warmup", Warmup, "from 00:00:00 to 01:00:00");
        Require(Seeds is >= 1 and <= 16, $"{section}:Seeds", Seeds, "from 1 to 16");
        Require(MinImprovement is >= 0 and < 1, $"{section}:MinImprovement", MinImprovement, "from 0 to below 1");
        Require(NetworkTolerance is >= 0 and < 1, $"{section}:NetworkTolerance", NetworkTolerance, "from 0 to below 1");
        Require(SaturationFlowPerLane is > 100 and <= 3600, $"{section}:SaturationFlowPerLane", SaturationFlowPerLane, "above 100 and at most 3600");
        Require(LostTimePerPhase is >= 0 and <= 10, $"{section}:LostTimePerPhase", LostTimePerPhase, "from 0 to 10 seconds");
        Require(MinCycle >= 20, $"{section}:MinCycle", MinCycle, "at least 20 seconds");
        Require(MaxCycle > MinCycle && MaxCycle <= 600, $"{section}:MaxCycle", MaxCycle, $"above MinCycle ({MinCycle}) and at most 600 seconds");
        Require(MinGreen is >= 1 and <= 60, $"{section}:MinGreen", MinGreen, "from 1 to 60 seconds");
        Require(ProposalLifetime > TimeSpan.Zero, $"{section}:ProposalLifetime", ProposalLifetime, "positive");
        Require(Cooldown >= TimeSpan.Zero, $"{section}:Cooldown", Cooldown, "zero or more");
    }
}
