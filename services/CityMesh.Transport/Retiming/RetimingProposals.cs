using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Twin;

namespace CityMesh.Transport.Retiming;

/// <summary>Turns the best simulated candidate into an action proposal: evidence, guardrail measures and the twin patch.</summary>
public static class RetimingProposals
{
    public const string ActionType = "transport.signal-retiming";
    public static readonly ModelInfo Model = new("webster-and-max-pressure-by-microsimulation", "1");

    /// <summary>The largest change of any phase's duration, s: what guardrails limit.</summary>
    public const string MaxGreenChange = "maxGreenChangeSeconds";

    public const string CycleChange = "cycleChangeSeconds";

    public static ActionProposal Create(IReadOnlyList<SignalPlan> plans, Evaluation evaluation, CandidateOutcome best, JsonElement trigger,
        DateTimeOffset now, TimeSpan lifetime)
    {
        var current = evaluation.Outcomes[0];
        var effect = new List<TwinPatch>();
        double maxGreenChange = 0, cycleChange = 0;
        foreach (var plan in plans)
        {
            var attributes = new JsonObject();
            if (best.Durations.TryGetValue(plan.SignalId, out var durations))
            {
                var phases = new JsonArray();
                for (var p = 0; p < plan.Phases.Count; p++)
                {
                    maxGreenChange = Math.Max(maxGreenChange, Math.Abs(durations[p] - plan.Phases[p].Duration));
                    phases.Add(JsonSerializer.SerializeToNode(plan.Phases[p] with { Duration = durations[p] }, JsonSerializerOptions.Web));
                }
                cycleChange = Math.Max(cycleChange, Math.Abs(durations.Sum() - plan.Cycle));
                attributes["phases"] = Property(phases);
                attributes["cycleLength"] = Property(durations.Sum(), "SEC");
                attributes["controlMode"] = Property(SignalControlModes.FixedTime);
            }
            else if (best.MaxPressure.Contains(plan.SignalId))
            {
                attributes["controlMode"] = Property(SignalControlModes.MaxPressure);
            }
            else continue;
            effect.Add(new TwinPatch(plan.SignalId, JsonSerializer.SerializeToElement(attributes)));
        }
        // Adaptive control changes greens every cycle: it carries no green-change measure, so guardrails never pass it alone.
        var measures = new Dictionary<string, double>();
        if (best.MaxPressure.Count == 0)
        {
            measures[MaxGreenChange] = maxGreenChange;
            measures[CycleChange] = cycleChange;
        }
        var target = plans[0].SignalId;
        var where = RetimingService.Where(plans);
        var evidence = new JsonObject
        {
            ["trigger"] = JsonNode.Parse(trigger.GetRawText()),
            ["chosen"] = best.Name,
            ["predictedDelayChange"] = best.DelayChange,
            ["predictedNetworkDelayChange"] = best.NetworkDelayChange,
            ["delaySeconds"] = new JsonObject { ["current"] = current.DelaySeconds, ["proposed"] = best.DelaySeconds },
            ["networkDelaySeconds"] = new JsonObject { ["current"] = current.NetworkDelaySeconds, ["proposed"] = best.NetworkDelaySeconds },
            ["junctionDelaySeconds"] = new JsonObject { ["current"] = current.JunctionDelaySeconds, ["proposed"] = best.JunctionDelaySeconds },
            ["candidates"] = JsonSerializer.SerializeToNode(evaluation.Outcomes, JsonSerializerOptions.Web),
            ["simulation"] = new JsonObject
            {
                ["horizonSeconds"] = evaluation.HorizonSeconds,
                ["warmupSeconds"] = evaluation.WarmupSeconds,
                ["seeds"] = evaluation.Seeds,
                ["vehiclesPerHour"] = Math.Round(evaluation.VehiclesPerHour),
                ["observedRoads"] = evaluation.ObservedRoads,
                ["fasterThanRealTime"] = evaluation.SpeedUp,
            },
        };
        return new ActionProposal
        {
            Id = $"retiming-{Guid.NewGuid():N}",
            Type = ActionType,
            Domain = "transport",
            Target = target,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Retime {where}: {best.Description}; simulated delay of vehicles through it {current.DelaySeconds:0.#} → {best.DelaySeconds:0.#} s ({best.DelayChange:+0.0%;-0.0%}), network {best.NetworkDelayChange:+0.0%;-0.0%}"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = measures,
            Effect = effect,
            ProposedAt = now,
            ExpiresAt = now + lifetime,
        };
    }

    private static JsonObject Property(JsonNode value, string? unit = null)
    {
        var property = new JsonObject { ["type"] = "Property", ["value"] = value };
        if (unit is not null) property["unitCode"] = unit;
        return property;
    }

    private static JsonObject Property(string value) => Property(JsonValue.Create(value)!);

    private static JsonObject Property(double value, string unit) => Property(JsonValue.Create(value), unit);
}
