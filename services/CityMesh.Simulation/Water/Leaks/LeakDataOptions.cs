namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// How a labelled leak data set is drawn on a network: how long, how often the meters read, how many pressure loggers,
/// how noisy the meters and the city's consumption are, and the leaks. Each case is its own run: leak-free for the
/// training days, then (in a leak case) a leak bursting on a random pipe at a random moment of the days after.
/// </summary>
public sealed record LeakDataOptions
{
    public int Days { get; init; } = 8;
    /// <summary>
    /// The first day of every case is left out: the network settles from its file's starting levels, and a file's
    /// one-off timer controls (Net3's lake pump runs 1:00–15:00 of the first day only) act then.
    /// </summary>
    public int WarmUpDays { get; init; } = 1;
    /// <summary>Leak-free days after the warm-up, for the detector to learn its residuals.</summary>
    public int TrainingDays { get; init; } = 2;

    /// <summary>Seconds into a case when the detector's training starts and ends (and leaks may begin).</summary>
    public long TrainingStart => WarmUpDays * 86400L;

    public long TrainingEnd => (WarmUpDays + TrainingDays) * 86400L;
    /// <summary>Seconds between readings (and hydraulic steps).</summary>
    public long StepSeconds { get; init; } = 900;
    /// <summary>Pressure loggers, spread over the junctions (farthest-point sampling from the one nearest the sources).</summary>
    public int PressureSensors { get; init; } = 12;
    /// <summary>A logger's reading noise, m (1 σ).</summary>
    public double PressureNoise { get; init; } = 0.02;
    /// <summary>The area's inflow meter's noise, share of the reading (1 σ).</summary>
    public double FlowNoise { get; init; } = 0.005;
    /// <summary>The whole city's consumption that day against its pattern (weather, weekday), share (1 σ).</summary>
    public double CityDayNoise { get; init; } = 0.03;
    /// <summary>Each junction's consumption that day against its pattern, share (1 σ).</summary>
    public double JunctionDayNoise { get; init; } = 0.05;
    /// <summary>Each junction's consumption hour by hour against the day's, share (1 σ).</summary>
    public double JunctionHourNoise { get; init; } = 0.05;
    /// <summary>District metered areas the network is cut into (<see cref="DistrictAreas"/>), each with an inflow meter of <see cref="FlowNoise"/>.</summary>
    public int Areas { get; init; } = 4;
    public int LeakCases { get; init; } = 30;
    public int ControlCases { get; init; } = 10;
    /// <summary>A leak's flow as a share of the area's mean inflow, drawn uniformly in this range.</summary>
    public double MinLeakShare { get; init; } = 0.03;
    public double MaxLeakShare { get; init; } = 0.15;
    public int Seed { get; init; } = 1;
}
