using CityMesh.Limits.Settings;

namespace CityMesh.Energy;

/// <summary>Settings under <c>CityMesh:Energy</c>: how often the grid is solved, its limits, and its proposals' lifetime.</summary>
public sealed record EnergyOptions : ISettings<EnergyOptions>
{
    public const string Section = "CityMesh:Energy";

    static string ISettings<EnergyOptions>.Section => Section;

    /// <summary>The city whose grid this service follows (the city segment of entity ids); null uses <c>CityMesh:City:Name</c>.</summary>
    public string? City { get; init; }

    /// <summary>How often the live grid is solved from its meters; zero turns the live power flow off.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A line, transformer or feeder is overloaded above this share of its rating, percent.</summary>
    public double OverloadPercent { get; init; } = 100;

    /// <summary>
    /// The voltage band, pu of nominal: EN 50160's ±10 % at the customer leaves a medium-voltage network about ±5 %
    /// once the low-voltage drop is allowed for, the planning band most distribution operators use.
    /// </summary>
    public double VoltageLowPu { get; init; } = 0.95;

    public double VoltageHighPu { get; init; } = 1.05;

    /// <summary>A violation clears only this far back inside its limit (percent of rating, or a tenth of it in pu), so it does not flicker.</summary>
    public double ClearMarginPercent { get; init; } = 5;

    /// <summary>How long a relief proposal waits for a decision.</summary>
    public TimeSpan ProposalLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How far ahead of a forecast violation relief is proposed: a transfer or a deferral made now, planned on the power
    /// flow of the forecast hour. Earlier than this the forecast is only announced; zero proposes nothing ahead.
    /// </summary>
    public TimeSpan ReliefLeadTime { get; init; } = TimeSpan.FromHours(3);

    /// <summary>The grid meters' reporting interval: each reading's slot in the meter watch (5 minutes, a smart meter's or an RTU's usual).</summary>
    public TimeSpan MeterInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back each scan of the meters looks: at least two days, so the detector can learn each meter's day.</summary>
    public TimeSpan MeterWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Whether every roof in the twin is assessed for solar panels at start (written to its Building).</summary>
    public bool SolarRoofs { get; init; } = true;

    /// <summary>
    /// The share of the clear-sky irradiation the city's skies let through over a year (measured over clear-sky GHI):
    /// about 0.65 for Jinan (some 1,350 kWh/m² a year measured against about 2,050 clear-sky), 0.55–0.75 for most
    /// mid-latitude cities. Without it every flat roof would read as under a cloudless sky all year.
    /// </summary>
    public double SolarClearSkyIndex { get; init; } = 0.65;

    /// <summary>Minutes between the sun positions of the roofs' year: 60 keeps a city's roofs to seconds.</summary>
    public int SolarStepMinutes { get; init; } = 60;

    public EnergyOptions Validated()
    {
        static void Require(bool ok, string key, object? value, string rule)
        {
            if (!ok) throw new InvalidOperationException($"{Section}:{key} is {value}; it must be {rule}.");
        }
        Require(Interval == TimeSpan.Zero || Interval >= TimeSpan.FromSeconds(1), nameof(Interval), Interval, "zero (off) or at least 00:00:01");
        Require(OverloadPercent is > 0 and <= 500, nameof(OverloadPercent), OverloadPercent, "above 0 and at most 500");
        Require(VoltageLowPu is > 0.5 and < 1, nameof(VoltageLowPu), VoltageLowPu, "between 0.5 and 1 pu");
        Require(VoltageHighPu is > 1 and < 1.5, nameof(VoltageHighPu), VoltageHighPu, "between 1 and 1.5 pu");
        Require(ClearMarginPercent is >= 0 and <= 50, nameof(ClearMarginPercent), ClearMarginPercent, "from 0 to 50");
        Require(ProposalLifetime >= TimeSpan.FromMinutes(1), nameof(ProposalLifetime), ProposalLifetime, "at least 00:01:00");
        Require(ReliefLeadTime >= TimeSpan.Zero && ReliefLeadTime <= TimeSpan.FromHours(24), nameof(ReliefLeadTime), ReliefLeadTime, "from 00:00:00 to 1.00:00:00");
        Require(MeterInterval >= TimeSpan.FromSeconds(10) && MeterInterval <= TimeSpan.FromHours(1), nameof(MeterInterval), MeterInterval, "from 00:00:10 to 01:00:00");
        Require(MeterWindow >= TimeSpan.FromDays(2) && MeterWindow <= TimeSpan.FromDays(14), nameof(MeterWindow), MeterWindow, "from 2.00:00:00 to 14.00:00:00");
        Require(SolarClearSkyIndex is > 0 and <= 1, nameof(SolarClearSkyIndex), SolarClearSkyIndex, "above 0 and at most 1");
        Require(SolarStepMinutes is >= 5 and <= 120, nameof(SolarStepMinutes), SolarStepMinutes, "from 5 to 120");
        return this;
    }
}
