namespace CityMesh.Contracts.Safety;

/// <summary>
/// What the safety service publishes on <c>safety.events</c> when a flood gauge's water level crosses its alert or
/// critical line, and again when it falls back below (<see cref="RaisedType"/>, <see cref="ClearedType"/>).
/// </summary>
/// <param name="Level"><see cref="Alert"/> or <see cref="Critical"/>; for a clearing, the level it leaves.</param>
/// <param name="WaterLevel">The reading that decided it, m.</param>
/// <param name="TrendPerHour">The level's least-squares slope over the trend window, m/h; null with fewer than two readings.</param>
/// <param name="At">The reading's time (the city's clock).</param>
/// <param name="Since">When the alert was raised.</param>
public sealed record FloodAlert(string Gauge, string Level, bool Active, double WaterLevel, double AlertLevel, double CriticalLevel, double? TrendPerHour,
    DateTimeOffset At, DateTimeOffset Since)
{
    public const string RaisedType = "io.citymesh.safety.flood-alert";
    public const string ClearedType = "io.citymesh.safety.flood-cleared";
    public const string Source = "/citymesh/safety";
    public const string Alert = "alert", Critical = "critical";
}
