namespace CityMesh.Contracts.Health;

/// <summary>
/// What the health service publishes on <c>health.events</c> when a hospital's capacity crosses a threshold, is
/// heading for full, or its emergency department crowds, and again when that clears (<see cref="RaisedType"/>,
/// <see cref="ClearedType"/>), with the evidence.
/// </summary>
/// <param name="Kind"><see cref="Occupancy"/>, <see cref="Trend"/> or <see cref="EmergencyDepartment"/>.</param>
/// <param name="BedType">For occupancy and trend: the bed type (<see cref="BedTypes"/>).</param>
/// <param name="Level"><c>high</c> or <c>critical</c>; for a clearing, the level it leaves.</param>
/// <param name="At">The observation that decided it (the city's clock).</param>
/// <param name="Since">When the alert was raised (for a clearing, how long it lasted is At − Since).</param>
public sealed record CapacityAlert(string Hospital, string Kind, string? BedType, string Level, bool Active, DateTimeOffset At, DateTimeOffset Since,
    CapacityEvidence Evidence)
{
    public const string RaisedType = "io.citymesh.health.capacity-alert";
    public const string ClearedType = "io.citymesh.health.capacity-cleared";
    public const string Source = "/citymesh/health";
    public const string Occupancy = "occupancy", Trend = "trend", EmergencyDepartment = "emergencyDepartment";
    public const string High = "high", Critical = "critical";
}

/// <param name="Threshold">The occupancy or crowding share crossed.</param>
/// <param name="TrendPerHour">Occupancy change per hour, least squares over the trend window.</param>
/// <param name="ProjectedFullAt">When the trend reaches every bed full.</param>
public sealed record CapacityEvidence(int Capacity, int Occupied, double Occupancy, double? Threshold, double? TrendPerHour = null,
    DateTimeOffset? ProjectedFullAt = null, int? EdWaiting = null, int? EdBoarding = null, int? EdCubicles = null);
