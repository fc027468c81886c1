namespace CityMesh.Contracts.Energy;

/// <summary>
/// What the energy service publishes on <c>energy.events</c> when an element of the grid passes a limit (a line,
/// transformer or feeder over its rating; a bus's voltage outside its band), and again when it is back within it
/// (<see cref="RaisedType"/>, <see cref="ClearedType"/>); and when the next day's forecast shows it will, and no
/// longer does (<see cref="ForecastType"/>, <see cref="ForecastClearedType"/>).
/// </summary>
/// <param name="Kind"><see cref="Overload"/>, <see cref="Undervoltage"/> or <see cref="Overvoltage"/>.</param>
/// <param name="Element">The twin entity at fault (an ACLineSegment, PowerTransformer, Feeder or BusbarSection).</param>
/// <param name="Feeder">The feeder it is on, where it is on one.</param>
/// <param name="Value">Loading, percent of rating; or voltage, pu. For a clearing, the value now.</param>
/// <param name="Limit">The limit passed, in the same unit.</param>
/// <param name="At">The solve's time (the city's clock).</param>
/// <param name="Since">When it was raised.</param>
/// <param name="ExpectedAt">
/// A forecast violation (<see cref="ForecastType"/>): the first hour the grid, solved with the feeders' forecast loads,
/// passes the limit (the meters' clock), and <paramref name="Value"/> the worst value forecast over the next day. Null
/// for a violation now.
/// </param>
public sealed record GridViolation(string Kind, string Element, string? Feeder, bool Active, double Value, double Limit, DateTimeOffset At, DateTimeOffset Since,
    DateTimeOffset? ExpectedAt = null)
{
    public const string RaisedType = "io.citymesh.energy.grid-violation";
    public const string ClearedType = "io.citymesh.energy.grid-violation-cleared";
    public const string ForecastType = "io.citymesh.energy.grid-violation-forecast";
    public const string ForecastClearedType = "io.citymesh.energy.grid-violation-forecast-cleared";
    public const string Source = "/citymesh/energy";
    public const string Overload = "overload", Undervoltage = "undervoltage", Overvoltage = "overvoltage";
}
