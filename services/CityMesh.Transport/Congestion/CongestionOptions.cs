namespace CityMesh.Transport.Congestion;

/// <summary>
/// When a road counts as congested, under <c>CityMesh:Transport:Congestion</c>. Entering and leaving use different
/// thresholds and each needs several readings in a row (hysteresis), so an alert does not flap on one noisy reading.
/// </summary>
public sealed record CongestionOptions
{
    /// <summary>Congested when speed is at most this share of the learned free-flow speed ...</summary>
    public double EnterSpeedRatio { get; init; } = 0.5;

    /// <summary>... and occupancy at least this (a slow but empty road is a slow road, not a queue).</summary>
    public double EnterOccupancy { get; init; } = 0.2;

    /// <summary>Cleared when speed is back above this share of free flow ...</summary>
    public double ExitSpeedRatio { get; init; } = 0.7;

    /// <summary>... or occupancy below this.</summary>
    public double ExitOccupancy { get; init; } = 0.12;

    /// <summary>Readings in a row that must agree before a road enters or leaves congestion.</summary>
    public int EnterReadings { get; init; } = 3;

    public int ExitReadings { get; init; } = 3;

    /// <summary>Readings at or below this occupancy teach the road's free-flow speed.</summary>
    public double FreeFlowOccupancy { get; init; } = 0.08;

    /// <summary>Free-flow readings before the learned speed replaces the prior (the speed limit).</summary>
    public int FreeFlowSamples { get; init; } = 5;

    /// <summary>An intersection is congested when at least this share of its observed approaches is.</summary>
    public double IntersectionShare { get; init; } = 0.5;

    internal void Validate(string section)
    {
        static void Require(bool ok, string key, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{key} is {value}; it must be {rule}.");
        }
        Require(EnterSpeedRatio is > 0 and < 1, $"{section}:EnterSpeedRatio", EnterSpeedRatio, "between 0 and 1");
        Require(ExitSpeedRatio > EnterSpeedRatio && ExitSpeedRatio <= 1, $"{section}:ExitSpeedRatio", ExitSpeedRatio, $"above EnterSpeedRatio ({EnterSpeedRatio}) and at most 1");
        Require(EnterOccupancy is > 0 and <= 1, $"{section}:EnterOccupancy", EnterOccupancy, "above 0 and at most 1");
        Require(ExitOccupancy >= 0 && ExitOccupancy < EnterOccupancy, $"{section}:ExitOccupancy", ExitOccupancy, $"at least 0 and below EnterOccupancy ({EnterOccupancy})");
        Require(EnterReadings >= 1, $"{section}:EnterReadings", EnterReadings, "at least 1");
        Require(ExitReadings >= 1, $"{section}:ExitReadings", ExitReadings, "at least 1");
        Require(FreeFlowOccupancy is >= 0 and < 1, $"{section}:FreeFlowOccupancy", FreeFlowOccupancy, "from 0 to below 1");
        Require(FreeFlowSamples >= 1, $"{section}:FreeFlowSamples", FreeFlowSamples, "at least 1");
        Require(IntersectionShare is > 0 and <= 1, $"{section}:IntersectionShare", IntersectionShare, "above 0 and at most 1");
    }
}
