using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Safety.Incidents;
using CityMesh.Simulation.Water.Leaks;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Water;

/// <summary>A leak found on the live network: its ranked candidate pipes (network ids, first the likeliest) and what is known of it.</summary>
/// <param name="Source">Who found it: an operator's name, or the detector's model.</param>
/// <param name="Cause">The incident's cause it goes under (the watch's alarm opened it); null: the open leak incident naming the first pipe, else the first pipe's own.</param>
public sealed record LeakReport(IReadOnlyList<string> Pipes, double? FlowLitresPerSecond, DateTimeOffset? Start, double? Confidence, string Source, string? Cause = null);

/// <summary>
/// Sending a crew to find a leak, proposed to governance (<see cref="ActionType"/>, advice: approving it records that a
/// crew was sent; nothing in the twin changes until the crew's isolation is approved): the ranked candidate pipes as
/// a crew's list (length, where each lies, how far each is from the first along the network), under the leak's
/// incident, which opens with it.
/// </summary>
public sealed class LeakCrews(WaterHydraulics hydraulics, IncidentBook incidents, IEventBus bus, SafetyOptions options, string city, TimeProvider clock,
    ILogger<LeakCrews> logger)
{
    public const string ActionType = "safety.leak-crew";
    public static readonly ModelInfo Model = new("water-leak-crew-list", "1");

    public sealed record Proposed(ActionProposal Proposal, Incident Incident);

    public async Task<Proposed> ProposeAsync(LeakReport leak, CancellationToken ct)
    {
        var network = hydraulics.Network ?? throw new InvalidOperationException("the water network has not been read yet");
        var distances = new PipeDistances(network);
        var candidates = leak.Pipes.Select(p => new LeakCandidate(p, 0, (leak.FlowLitresPerSecond ?? 0) / 1e3, distances.Between(leak.Pipes[0], p))).ToList();
        var crew = LeakIsolation.CrewList(network, candidates);
        string Entity(string pipe) => EntityIds.Create(EntityTypes.Pipe, city, $"{options.WaterNetwork}-{EntityIds.LocalIdOf(pipe)}");
        var first = Entity(leak.Pipes[0]);
        var at = hydraulics.LocationOf(first);
        var text = $"leak reported by {leak.Source} on {Plural(leak.Pipes.Count, "candidate pipe")}, {leak.Pipes[0]} first"
                   + (leak.FlowLitresPerSecond is { } f ? string.Create(CultureInfo.InvariantCulture, $", about {f:0.0} L/s") : "")
                   + (leak.Confidence is { } c ? string.Create(CultureInfo.InvariantCulture, $", confidence {c:0.00}") : "")
                   + (leak.Start is { } s ? $", since {s:O}" : "");
        var incident = await incidents.RaiseAsync(new IncidentReport(IncidentTerms.Leak, $"Leak near water main {leak.Pipes[0]}", "high", text,
            at?.Longitude, at?.Latitude, [.. leak.Pipes.Select(Entity)],
            Cause: leak.Cause ?? incidents.OpenCauseAffecting(IncidentTerms.Leak, first) ?? $"{IncidentTerms.Leak}:{options.WaterNetwork}:{leak.Pipes[0]}", Ref: first), ct);
        var now = clock.GetUtcNow();
        var evidence = new JsonObject
        {
            ["network"] = options.WaterNetwork,
            ["source"] = leak.Source,
            ["confidence"] = leak.Confidence,
            ["start"] = leak.Start?.ToString("O", CultureInfo.InvariantCulture),
            ["flowLitresPerSecond"] = leak.FlowLitresPerSecond,
            ["stops"] = new JsonArray([.. crew.Select((stop, i) =>
            {
                var location = hydraulics.LocationOf(Entity(stop.Pipe));
                return (JsonNode)new JsonObject
                {
                    ["rank"] = i + 1,
                    ["pipe"] = Entity(stop.Pipe),
                    ["lengthMetres"] = Math.Round(stop.Length, 1),
                    ["fromFirstMetres"] = Math.Round(stop.FromFirst, 1),
                    ["longitude"] = location?.Longitude,
                    ["latitude"] = location?.Latitude,
                };
            })]),
        };
        var proposal = new ActionProposal
        {
            Id = $"leak-crew-{options.WaterNetwork}-{EntityIds.LocalIdOf(leak.Pipes[0])}-{now.ToUnixTimeSeconds()}",
            Type = ActionType,
            Domain = IncidentBook.Domain,
            Target = first,
            Incident = incident.Id,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Send a crew to check {Plural(crew.Count, "pipe")} ({crew.Sum(s => s.Length):0} m of main, {crew.Max(s => s.FromFirst):0} m apart at most), {leak.Pipes[0]} first"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { ["pipes"] = crew.Count },
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
        await IncidentProposals.ProposeAsync(incidents, bus, proposal, logger, ct);
        return new Proposed(proposal, incidents.Find(incident.Id) ?? incident);
    }

    private static string Plural(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
}
