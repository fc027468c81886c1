namespace CityMesh.Contracts.Energy;

/// <summary>
/// What the energy service publishes on <c>energy.events</c> when a grid meter's readings go wrong in one of the ways
/// meters do (a spike, a level shift, drift, a stuck value, silence), once per fault: a reading the power flow should
/// not be trusted with, and a meter a crew should look at.
/// </summary>
/// <param name="Meter">The metered entity (a BusbarSection: its secondary substation's meter).</param>
/// <param name="Kind">spike, level-shift, drift, stuck or dropout (the synthetic fault kinds, as <c>citymesh eval anomalies</c> scores them).</param>
/// <param name="Since">When the fault began, on the meters' clock, as the detector estimates it.</param>
/// <param name="Feeder">The feeder the meter is on, where it is on one.</param>
/// <param name="At">The scan that found it (the meters' clock).</param>
public sealed record MeterAnomaly(string Meter, string Kind, DateTimeOffset Since, string? Feeder, DateTimeOffset At)
{
    public const string Type = "io.citymesh.energy.meter-anomaly";
}
