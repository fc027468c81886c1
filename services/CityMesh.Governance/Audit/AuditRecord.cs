using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>What is to be recorded: who did what to which subject, with details.</summary>
/// <param name="Actor">The <see cref="Access.Caller"/>'s name, e.g. <c>ops-console</c> or <c>service:transport</c>.</param>
/// <param name="Kind">What happened, e.g. <c>action.proposed</c>, <c>action.approved</c>, <c>action.executed</c>.</param>
/// <param name="Subject">What it happened to, e.g. an action id.</param>
public sealed record AuditEntry(string Actor, string Kind, string Subject, JsonElement Details);

/// <summary>
/// One record of the append-only audit log: an <see cref="AuditEntry"/> with its place in the chain. <see cref="Hash"/>
/// covers every other field, including <see cref="PreviousHash"/>, so altering or removing a record breaks the chain.
/// </summary>
/// <param name="Sequence">1, 2, 3, ... without gaps.</param>
/// <param name="PreviousHash">The previous record's hash (lowercase hex SHA-256); 64 zeros for the first.</param>
public sealed record AuditRecord(long Sequence, DateTimeOffset At, string Actor, string Kind, string Subject, JsonElement Details,
    string PreviousHash, string Hash);
