namespace CityMesh.Twin.Model;

/// <summary>One sensor reading addressed to one entity's attribute: the unit of telemetry.</summary>
public readonly record struct Observation(
    string EntityId,
    string Attribute,
    TwinValue Value,
    DateTimeOffset ObservedAt,
    string? UnitCode = null);

public enum ObservationOutcome : byte
{
    /// <summary>Newest value for its property; now current.</summary>
    Applied,
    /// <summary>Older than the current value; recorded in history only.</summary>
    HistoryOnly,
    /// <summary>Same property, same observedAt and value as already held: a redelivery, nothing changed.</summary>
    Duplicate,
    UnknownEntity,
    /// <summary>The attribute is a relationship or a reserved name; an observation cannot set it.</summary>
    InvalidAttribute,
}

/// <summary>Outcomes in the order the observations were given.</summary>
public sealed record ObservationBatchResult(ObservationOutcome[] Outcomes)
{
    public int Count(ObservationOutcome outcome) => Outcomes.Count(o => o == outcome);
}
