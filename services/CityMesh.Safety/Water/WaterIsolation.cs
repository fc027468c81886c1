using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Safety.Incidents;
using CityMesh.Simulation.Water.Leaks;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Water;

/// <summary>What isolating a pipe of the live network would do, and its proposal to governance under the pipe's leak incident.</summary>
public sealed class WaterIsolation(WaterHydraulics hydraulics, IncidentBook incidents, IEventBus bus, SafetyOptions options, string city, TimeProvider clock,
    ILogger<WaterIsolation> logger)
{
    /// <summary>The least pressure a customer is served at, m (the usual planning minimum for a tap on an upper floor).</summary>
    public const double ServicePressure = 20;

    public sealed record Proposed(ActionProposal Proposal, Incident Incident, IsolationEvidence Evidence);

    /// <summary>
    /// The pipe's id in the live network from what a caller gives: the network's own id (<c>m01</c>) or the twin's
    /// entity id (<c>urn:ngsi-ld:Pipe:jinan:city-m01</c>); null (with why) when the network is not read yet or lacks it.
    /// </summary>
    public string? PipeOf(string given, out int status, out string? problem)
    {
        status = 200;
        problem = null;
        if (hydraulics.Network is not { } network)
        {
            (status, problem) = (503, $"the water network has not been read yet: {hydraulics.Status}");
            return null;
        }
        var prefix = EntityIds.Create(EntityTypes.Pipe, city, options.WaterNetwork + "-");
        var id = given.StartsWith(prefix, StringComparison.Ordinal) ? EntityIds.NetworkIdOf(given[prefix.Length..]) : given;
        if (network.Pipes.Any(p => p.Id == id)) return id;
        (status, problem) = (404, $"network '{options.WaterNetwork}' has no pipe '{given}'");
        return null;
    }

    /// <summary>The next 24 hours from the city's time of day and tank levels now, with and without the pipe.</summary>
    public IsolationEvidence Evaluate(string pipe)
    {
        var state = hydraulics.State;
        long start = state is null ? 0 : (long)state.At.TimeOfDay.TotalSeconds;
        return IsolationProposals.Evaluate(hydraulics.Network!, pipe, ServicePressure, start, state?.TankLevels);
    }

    /// <summary>
    /// Proposes isolating <paramref name="pipe"/> (an id <see cref="PipeOf"/> gave), under the open leak incident that
    /// names the pipe (the watch's, a reported leak's), or the pipe's own (opened if none is).
    /// </summary>
    public async Task<Proposed> ProposeAsync(string pipe, string? reason, string actor, CancellationToken ct)
    {
        var network = hydraulics.Network!;
        var evidence = Evaluate(pipe);
        var entity = EntityIds.Create(EntityTypes.Pipe, city, $"{options.WaterNetwork}-{EntityIds.LocalIdOf(pipe)}");
        var at = hydraulics.LocationOf(entity);
        var incident = await incidents.RaiseAsync(new IncidentReport(IncidentTerms.Leak, $"Leak on water main {pipe}", "high",
            $"isolation of pipe {pipe} asked by {actor}{(reason is { Length: > 0 } ? $": {reason}" : "")}", at?.Longitude, at?.Latitude, [entity],
            Cause: incidents.OpenCauseAffecting(IncidentTerms.Leak, entity) ?? $"{IncidentTerms.Leak}:{options.WaterNetwork}:{pipe}", Ref: entity), ct);
        var proposal = IsolationProposals.Create(evidence, network, options.WaterNetwork, city, reason, incident.Id, clock.GetUtcNow(), options);
        await IncidentProposals.ProposeAsync(incidents, bus, proposal, logger, ct);
        return new Proposed(proposal, incidents.Find(incident.Id) ?? incident, evidence);
    }
}
