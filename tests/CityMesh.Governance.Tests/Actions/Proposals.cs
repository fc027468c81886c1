using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Governance.Actions;

namespace CityMesh.Governance.Tests.Actions;

/// <summary>Signal-retiming proposals as the transport service makes them, for tests.</summary>
internal static class Proposals
{
    public const string Type = "transport.signal-retiming";
    public const string Signal = "urn:ngsi-ld:TrafficSignal:jinan:intersection_1_1";

    public static readonly JsonElement NewPhases = JsonSerializer.SerializeToElement(new
    {
        phases = new { type = "Property", value = new[] { new { duration = 40, movements = new[] { 1, 3 } }, new { duration = 25, movements = new[] { 2, 4 } } } },
    });

    public static ActionProposal Retiming(string id, DateTimeOffset proposedAt, TimeSpan? lifetime = null, double? greenChange = 6,
        string target = Signal, string type = Type) => new()
    {
        Id = id,
        Type = type,
        Domain = "transport",
        Target = target,
        Summary = "Retime the signal: +6 s green north-south",
        Evidence = JsonSerializer.SerializeToElement(new { delayChangeSeconds = -42.5, simulatedMinutes = 45 }),
        Model = new ModelInfo("webster-sim", "1.0"),
        Measures = greenChange is { } g ? new Dictionary<string, double> { ["maxGreenChangeSeconds"] = g } : new Dictionary<string, double>(),
        Effect = [new TwinPatch(target, NewPhases)],
        ProposedAt = proposedAt,
        ExpiresAt = proposedAt + (lifetime ?? TimeSpan.FromMinutes(15)),
    };
}
