using System.Collections.Concurrent;
using System.Text.Json;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Transport.Network;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Works out a retiming for an intersection or a corridor: Webster plans from the observed flows at three cycle
/// lengths and a switch to max-pressure, each simulated against the current plan; the best, when it cuts delay by at
/// least <see cref="RetimingOptions.MinImprovement"/>, goes to governance on <c>actions.proposed</c>. One proposal per
/// signal waits at a time; after its decision the signal rests for <see cref="RetimingOptions.Cooldown"/> before
/// automatic proposals resume.
/// </summary>
public sealed class RetimingService(TransportView view, IEventBus bus, TransportOptions options, TimeProvider time, ILogger<RetimingService> log)
{
    public const string Source = "/citymesh/transport";

    private readonly RetimingOptions _options = options.Retiming;
    // Signal → the action waiting for a decision and when it expires: a proposal governance never answered (it is
    // not running, or its decision was lost) frees the signal at expiry instead of blocking it for good.
    private readonly ConcurrentDictionary<string, (string Action, DateTimeOffset ExpiresAt)> _pendingBySignal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _restingUntil = new(StringComparer.Ordinal);

    /// <param name="intersections">Intersection entity ids, in corridor order; one for a single intersection.</param>
    /// <param name="trigger">Why: a congestion event, or who asked.</param>
    /// <exception cref="RetimingRequestException">An unknown or unsignalised intersection, a pending proposal, no view yet.</exception>
    public async Task<RetimingOutcome> ProposeAsync(IReadOnlyList<string> intersections, JsonElement trigger, CancellationToken ct)
    {
        var network = view.Current ?? throw new RetimingRequestException("intersection", "the transport service has not read the road network from the twin yet", 503);
        if (intersections.Count == 0) throw new RetimingRequestException("intersection", "name an intersection or a corridor of intersections", 400);
        var plans = new List<SignalPlan>();
        for (var i = 0; i < intersections.Count; i++)
        {
            var field = intersections.Count == 1 ? "intersection" : $"corridor[{i}]";
            var local = network.LocalId(intersections[i], EntityTypes.Intersection)
                ?? throw new RetimingRequestException(field, $"'{intersections[i]}' is not an intersection of {network.City}", 404);
            if (!network.Roads.Junctions.Any(j => j.Id == local))
                throw new RetimingRequestException(field, $"the twin holds no intersection '{intersections[i]}'", 404);
            var plan = SignalPlan.At(network, local)
                ?? throw new RetimingRequestException(field, $"{intersections[i]} has no traffic signal to retime", 422);
            if (Pending(plan.SignalId) is { } pending)
                throw new RetimingRequestException(field, $"{plan.SignalId} already has a retiming waiting for a decision: action {pending}", 409);
            plans.Add(plan);
        }
        if (plans.Select(p => p.SignalId).Distinct().Count() != plans.Count)
            throw new RetimingRequestException("corridor", "names an intersection twice", 400);

        var candidates = Candidates(plans, network);
        var evaluation = await Task.Run(() => new RetimingEvaluator(_options).Evaluate(network, candidates, [.. plans.Select(p => p.Junction)], ct), ct);
        var best = evaluation.Outcomes.Skip(1).Where(o => o.NetworkDelayChange <= _options.NetworkTolerance).MinBy(o => o.DelaySeconds);
        if (best is null || best.DelayChange > -_options.MinImprovement)
        {
            var reason = best is null
                ? $"every candidate adds more than {_options.NetworkTolerance:P0} to the network's delay"
                : $"no candidate cuts delay at {Where(plans)} by {_options.MinImprovement:P0} or more; the best, {best.Name}, changes it by {best.DelayChange:+0.0%;-0.0%}";
            log.LogInformation("No retiming for {Signals}: {Reason}", string.Join(", ", plans.Select(p => p.SignalId)), reason);
            return new RetimingOutcome(null, evaluation, reason);
        }
        var proposal = RetimingProposals.Create(plans, evaluation, best, trigger, time.GetUtcNow(), _options.ProposalLifetime);
        foreach (var plan in plans)
            if (Pending(plan.SignalId) is not null || !_pendingBySignal.TryAdd(plan.SignalId, (proposal.Id, proposal.ExpiresAt)))
            {
                Release(proposal.Id);
                throw new RetimingRequestException("intersection", $"{plan.SignalId} got another retiming proposal meanwhile", 409);
            }
        try
        {
            await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
        }
        catch
        {
            Release(proposal.Id); // not proposed after all: the signals are free again
            throw;
        }
        log.LogInformation("Proposed {Action}: {Summary}", proposal.Id, proposal.Summary);
        return new RetimingOutcome(proposal, evaluation, "proposed");
    }

    internal static string Where(IReadOnlyList<SignalPlan> plans) =>
        plans.Count == 1 ? plans[0].Junction : $"corridor {string.Join(" → ", plans.Select(p => p.Junction))}";

    /// <summary>True when an automatic proposal for <paramref name="signalId"/> may run now.</summary>
    public bool MayProposeFor(string signalId) =>
        Pending(signalId) is null && (!_restingUntil.TryGetValue(signalId, out var until) || time.GetUtcNow() >= until);

    /// <summary>Frees the signals of a decided action (final states only) and starts their rest.</summary>
    public void OnDecided(ActionDecision decision)
    {
        if (decision.Status is ActionStatus.Proposed or ActionStatus.Approved) return;
        foreach (var signal in Release(decision.ActionId)) _restingUntil[signal] = time.GetUtcNow() + _options.Cooldown;
    }

    /// <summary>The action waiting for a decision on <paramref name="signalId"/>, unless it has expired.</summary>
    private string? Pending(string signalId) =>
        _pendingBySignal.TryGetValue(signalId, out var pending) && time.GetUtcNow() < pending.ExpiresAt ? pending.Action : null;

    private List<string> Release(string actionId)
    {
        var freed = new List<string>();
        foreach (var (signal, pending) in _pendingBySignal)
            if (pending.Action == actionId && _pendingBySignal.TryRemove(signal, out _)) freed.Add(signal);
        return freed;
    }

    private List<RetimingCandidate> Candidates(IReadOnlyList<SignalPlan> plans, TransportNetwork network)
    {
        var candidates = new List<RetimingCandidate>
        {
            new(RetimingCandidate.Current, "the current plans", new Dictionary<string, IReadOnlyList<double>>(), new HashSet<string>()),
        };
        foreach (var (name, scale) in new[] { ("webster", 1.0), ("webster-short", 0.75), ("webster-long", 1.3) })
        {
            var durations = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
            foreach (var plan in plans) durations[plan.SignalId] = WebsterPlanner.Plan(plan, network, _options, scale).Durations;
            // Clamped cycles can make two scales give one plan: simulate it once.
            if (candidates.Any(c => c.Durations.Count > 0 && plans.All(p => c.Durations[p.SignalId].SequenceEqual(durations[p.SignalId])))) continue;
            var cycles = string.Join(", ", plans.Select(p => $"{p.Cycle:0} → {durations[p.SignalId].Sum():0} s"));
            candidates.Add(new RetimingCandidate(name, $"Webster plan{(scale == 1 ? "" : $" at {scale:0.##}× the optimal cycle")}, cycle {cycles}",
                durations, new HashSet<string>()));
        }
        if (plans.Any(p => !p.IsMaxPressure))
            candidates.Add(new RetimingCandidate("max-pressure", "switch to max-pressure control", new Dictionary<string, IReadOnlyList<double>>(),
                plans.Select(p => p.SignalId).ToHashSet(StringComparer.Ordinal)));
        return candidates;
    }
}

/// <param name="Proposal">Null when no candidate was good enough (see <paramref name="Reason"/>).</param>
public sealed record RetimingOutcome(ActionProposal? Proposal, Evaluation Evaluation, string Reason);

/// <summary>A retiming request that cannot be served; <see cref="Field"/> names the request field, <see cref="Status"/> the HTTP status.</summary>
public sealed class RetimingRequestException(string field, string message, int status) : Exception(message)
{
    public string Field { get; } = field;
    public int Status { get; } = status;
}
