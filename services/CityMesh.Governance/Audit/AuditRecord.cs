using System.Text.Json;

namespace CityMesh.Governance.Audit;

/// <summary>What is to be recorded: who did what to which subject, with details.</summary>
/// <param name="Actor">The <see cref="Access.Caller"/>'s name, e.g. <c>ops-console</c> or <c>service:transport</c>.</param>
/// <param name="Kind">What happened, e.g. <c>action.proposed</c>, <c>action.approved</c>, <c>action.executed</c>.</param>
/// <param name="Subject">What it happened to, e.g. an action id.</param>
public sealed record AuditEntry(string Actor, string Kind, string Subject, JsonElement Details);

/// <summary>
/// One record of the append-only audit log: an <see cref="AuditEntry"/> with its place in the chain. <see cref="Hash"/>
/// covers every other field, including <see cref="PreviousHash"/>, so altering or removing a record breaks the chain; it
/// is a MAC under the key <see cref="KeyId"/> names, so a record cannot be made or remade without that key.
/// </summary>
/// <param name="Sequence">1, 2, 3, ... without gaps.</param>
/// <param name="PreviousHash">The previous record's hash (64 lowercase hex digits); 64 zeros for the first.</param>
/// <param name="Hash">HMAC-SHA256 under <see cref="KeyId"/>'s key (<see cref="AuditChain.Mac"/>); for a legacy record
/// (<see cref="KeyId"/> null), the unkeyed SHA-256 of <see cref="AuditChain.LegacyHash"/>.</param>
/// <param name="KeyId">The sealing key's id; null only for records written before audit logs were keyed.</param>
public sealed record AuditRecord(long Sequence, DateTimeOffset At, string Actor, string Kind, string Subject, JsonElement Details,
    string PreviousHash, string Hash, string? KeyId = null);
