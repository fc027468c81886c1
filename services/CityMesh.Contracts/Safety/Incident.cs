namespace CityMesh.Contracts.Safety;

/// <summary>
/// An incident as the safety service keeps it and serves it (<c>/safety/incidents</c>), and as the twin holds it (an
/// <c>Incident</c> entity): something going wrong that people respond to, opened by a detection (a flood alert, a leak,
/// bad air) or by an operator. Every proposal made about it names it (<c>ActionProposal.Incident</c>) and every
/// decision on those proposals is on its timeline.
/// </summary>
/// <param name="Kind">One of <see cref="IncidentTerms.Kinds"/>.</param>
/// <param name="Severity">One of <see cref="IncidentTerms.Severities"/> (FIWARE Alert's scale).</param>
/// <param name="Status"><see cref="IncidentTerms.Open"/> or <see cref="IncidentTerms.Closed"/>.</param>
/// <param name="Cause">What opened it, for a detection (<c>flood</c>, <c>leak:area-2</c>): while it is open the same cause
/// adds to it rather than opening another. Null for an incident opened by hand.</param>
/// <param name="Affected">The twin entities it touches: gauges, roads, mains, hospitals.</param>
public sealed record Incident(string Id, string Kind, string Title, string Severity, string Status, double? Longitude, double? Latitude,
    DateTimeOffset OpenedAt, string OpenedBy, DateTimeOffset? ClosedAt, string? Cause, IReadOnlyList<string> Affected, IReadOnlyList<IncidentEvent> Timeline)
{
    public const string OpenedType = "io.citymesh.safety.incident-opened";
    public const string UpdatedType = "io.citymesh.safety.incident-updated";
    public const string ClosedType = "io.citymesh.safety.incident-closed";

    public bool IsOpen => Status == IncidentTerms.Open;
}

/// <summary>One line of an incident's timeline.</summary>
/// <param name="Kind">What happened: opened, alert, forecast, proposed, a decision's status (approved, rejected, executed…), note, severity, closed.</param>
/// <param name="Ref">What it is about: an action's id for proposals and decisions, a forecast's, a gauge's.</param>
/// <param name="Actor">Who: an operator's name, or the service that did it.</param>
public sealed record IncidentEvent(DateTimeOffset At, string Kind, string Text, string? Ref = null, string? Actor = null);

/// <summary>The words incidents are described in.</summary>
public static class IncidentTerms
{
    public const string Open = "open", Closed = "closed";
    public const string Flood = "flood", Leak = "leak", AirQuality = "air-quality";

    public static readonly IReadOnlyList<string> Kinds = [Flood, Leak, AirQuality, "fire", "collision", "power", "other"];

    /// <summary>Lowest first: an incident's severity only rises by detection; an operator may set any.</summary>
    public static readonly IReadOnlyList<string> Severities = ["informational", "low", "medium", "high", "critical"];

    /// <summary>Where <paramref name="severity"/> stands on the scale, 0 for informational; -1 for a word not on it.</summary>
    public static int Rank(string severity)
    {
        for (var i = 0; i < Severities.Count; i++) if (Severities[i] == severity) return i;
        return -1;
    }
}
