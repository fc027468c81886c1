namespace CityMesh.Health.Capacity;

/// <summary>
/// When a hospital's capacity is alerted (<c>CityMesh:Health:Capacity</c>). Occupancy thresholds follow the usual
/// planning view that above about 85 % a hospital starts turning patients away and above 92 % flow breaks down.
/// </summary>
public sealed record CapacityOptions
{
    /// <summary>Occupancy of a bed type at which a <c>high</c> alert is raised.</summary>
    public double High { get; init; } = 0.92;

    /// <summary>Occupancy at which the alert becomes <c>critical</c>.</summary>
    public double Critical { get; init; } = 0.97;

    /// <summary>An alert clears only this far below the threshold that raised it, so a count wavering at it does not flap.</summary>
    public double Hysteresis { get; init; } = 0.03;

    /// <summary>The trend is the least-squares slope of occupancy over this much city time.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromHours(6);

    /// <summary>A trend alert is raised when it projects every bed full within this long...</summary>
    public TimeSpan TrendHorizon { get; init; } = TimeSpan.FromHours(12);

    /// <summary>...and occupancy is at least this (a ward filling from 40 % is not a worry yet).</summary>
    public double TrendFloor { get; init; } = 0.80;

    /// <summary>Patients waiting for a cubicle, as a share of the cubicles, that make the department crowded.</summary>
    public double EdWaitingShare { get; init; } = 0.5;

    /// <summary>Admitted patients boarding in the department, as a share of its cubicles, that make it crowded.</summary>
    public double EdBoardingShare { get; init; } = 0.25;

    internal void Validate(string section)
    {
        static void Require(bool ok, string key, object value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{key} is {value}; it must be {rule}.");
        }
        Require(High is > 0.5 and <= 1, $"{section}:High", High, "above 0.5 and at most 1");
        Require(Critical >= High && Critical <= 1, $"{section}:Critical", Critical, $"at least High ({High}) and at most 1");
        Require(Hysteresis is >= 0 and < 0.5, $"{section}:Hysteresis", Hysteresis, "from 0 to below 0.5");
        Require(TrendWindow >= TimeSpan.FromMinutes(10), $"{section}:TrendWindow", TrendWindow, "at least 00:10:00");
        Require(TrendHorizon > TimeSpan.Zero, $"{section}:TrendHorizon", TrendHorizon, "positive");
        Require(TrendFloor is >= 0 and < 1, $"{section}:TrendFloor", TrendFloor, "from 0 to below 1");
        Require(EdWaitingShare > 0, $"{section}:EdWaitingShare", EdWaitingShare, "positive");
        Require(EdBoardingShare > 0, $"{section}:EdBoardingShare", EdBoardingShare, "positive");
    }
}
