using System.Text.Json;

namespace CityMesh.Contracts.Actions;

/// <summary>
/// What a domain service publishes on <c>actions.proposed</c>: an action it recommends, with the evidence and the
/// model behind it. Governance stores it, applies the action type's autonomy level, and announces each decision on
/// <c>actions.decided</c>. Proposing the same <see cref="Id"/> again is a no-op (delivery is at least once).
/// </summary>
public sealed record ActionProposal
{
    public const string EventType = "io.citymesh.action.proposed";

    /// <summary>Chosen by the proposer, unique per proposal.</summary>
    public required string Id { get; init; }

    /// <summary><c>{domain}.{verb}</c>, e.g. <c>transport.signal-retiming</c>: the key of its autonomy policy.</summary>
    public required string Type { get; init; }

    public required string Domain { get; init; }

    /// <summary>The twin entity the action is about, e.g. a TrafficSignal's id.</summary>
    public required string Target { get; init; }

    /// <summary>The twin's <c>Incident</c> this action responds to, if any: its decisions go on the incident's timeline.</summary>
    public string? Incident { get; init; }

    /// <summary>One line for the operator's list.</summary>
    public required string Summary { get; init; }

    /// <summary>Why: what was observed and what the model predicts (for retiming, the simulated delay change).</summary>
    public JsonElement Evidence { get; init; }

    public required ModelInfo Model { get; init; }

    /// <summary>
    /// Magnitudes that guardrails limit, by name (e.g. <c>maxGreenChangeSeconds</c>). Under
    /// the <c>act-within-guardrails</c> autonomy level an action runs on its own only when every limited measure is
    /// present and within its limit.
    /// </summary>
    public IReadOnlyDictionary<string, double> Measures { get; init; } = new Dictionary<string, double>();

    /// <summary>What executing it does to the city's state: attribute updates to twin entities.</summary>
    public IReadOnlyList<TwinPatch> Effect { get; init; } = [];

    public required DateTimeOffset ProposedAt { get; init; }

    /// <summary>After this an undecided action is <see cref="ActionStatus.Expired"/> and can no longer be approved.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The model (or rule) that produced a proposal, for the audit trail.</summary>
public sealed record ModelInfo(string Name, string Version);

/// <summary>
/// One entity's attribute update in NGSI-LD normalized form, as sent to the twin's
/// <c>PATCH /ngsi-ld/v1/entities/{EntityId}/attrs</c>, e.g. <c>{"phases": {"type": "Property", "value": [...]}}</c>.
/// </summary>
public sealed record TwinPatch(string EntityId, JsonElement Attributes);
