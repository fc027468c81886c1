using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Leaks;

namespace CityMesh.Safety.Water;

/// <summary>
/// Isolating a leaking main, proposed to governance (<see cref="ActionType"/>): close the pipe and any valve the network
/// models at its ends (their <c>status</c> set to closed, a governed attribute), with the simulated consequence as
/// evidence: the network solved hour by hour over a day with them closed (<see cref="LeakIsolation"/>), every junction
/// left below the service pressure or cut off, its demand, and the people that demand stands for.
/// </summary>
public static class IsolationProposals
{
    public const string ActionType = "safety.pipe-isolation";
    public const string Closed = "closed";
    public static readonly ModelInfo Model = new("water-hydraulics-isolation", "1");

    /// <summary>Litres a person draws a day at home, to put the affected demand in people (a planning figure).</summary>
    public const double LitresPerPersonPerDay = 150;

    /// <summary>The people an average demand in L/s stands for.</summary>
    public static double People(double litresPerSecond) => Math.Round(litresPerSecond * 86_400 / LitresPerPersonPerDay);

    /// <summary>The consequence of isolating a pipe of the live network; the message names the pipe when it has no such pipe.</summary>
    /// <exception cref="ArgumentException">The network has no pipe <paramref name="pipe"/>.</exception>
    public static IsolationEvidence Evaluate(WaterNetwork network, string pipe, double servicePressure, long start = 0, IReadOnlyDictionary<string, double>? tankLevels = null) =>
        LeakIsolation.Evaluate(network, pipe, new IsolationOptions(servicePressure, 24, start, tankLevels));

    public static ActionProposal Create(IsolationEvidence evidence, WaterNetwork network, string networkId, string city, string? reason, string? incident,
        DateTimeOffset now, SafetyOptions options)
    {
        string Entity(string link) => EntityIds.Create(network.Valves.Any(v => v.Id == link) ? EntityTypes.Valve : EntityTypes.Pipe, city, $"{networkId}-{EntityIds.LocalIdOf(link)}");
        double people = People(evidence.AffectedDemandLitres);
        var cutOff = evidence.Affected.Count(a => a.CutOff);
        var body = new JsonObject
        {
            ["network"] = networkId,
            ["pipe"] = evidence.Pipe,
            ["closed"] = new JsonArray([.. evidence.Closed.Select(c => (JsonNode)Entity(c))]),
            ["servicePressureMetres"] = evidence.ServicePressure,
            ["affected"] = JsonSerializer.SerializeToNode(evidence.Affected.Select(a => new
            {
                junction = EntityIds.Create(EntityTypes.Junction, city, $"{networkId}-{EntityIds.LocalIdOf(a.Id)}"),
                worstPressureMetres = Math.Round(a.Pressure, 2), demandLitresPerSecond = Math.Round(a.DemandLitres, 3), a.CutOff,
            }), JsonSerializerOptions.Web),
            ["affectedDemandLitresPerSecond"] = Math.Round(evidence.AffectedDemandLitres, 3),
            ["peopleAffected"] = people,
            ["litresPerPersonPerDay"] = LitresPerPersonPerDay,
            ["method"] = "the next 24 hours solved from now (tanks draining and filling) with and without the links closed; a junction served at the service pressure without and below it with, at any hour, or cut off from every source, is affected",
        };
        if (reason is { Length: > 0 }) body["reason"] = reason;
        var summary = evidence.Affected.Count == 0
            ? $"Close {Plural(evidence.Closed.Count, "link")} to isolate pipe {evidence.Pipe}: every customer stays above {evidence.ServicePressure:0} m all day"
            : $"Close {Plural(evidence.Closed.Count, "link")} to isolate pipe {evidence.Pipe}: {Plural(evidence.Affected.Count, "junction")} "
              + $"({cutOff} cut off) below {evidence.ServicePressure:0} m, {evidence.AffectedDemandLitres:0.0} L/s, about {people:0} people";
        return new ActionProposal
        {
            Id = $"pipe-isolation-{networkId}-{EntityIds.LocalIdOf(evidence.Pipe)}-{now.ToUnixTimeSeconds()}",
            Type = ActionType,
            Domain = Incidents.IncidentBook.Domain,
            Target = Entity(evidence.Pipe),
            Incident = incident,
            Summary = string.Create(CultureInfo.InvariantCulture, $"{summary}{(reason is { Length: > 0 } ? $" ({reason})" : "")}"),
            Evidence = JsonSerializer.SerializeToElement(body),
            Model = Model,
            Measures = new Dictionary<string, double> { ["linksClosed"] = evidence.Closed.Count, ["peopleAffected"] = people },
            Effect = [.. evidence.Closed.Select(c => new TwinPatch(Entity(c), JsonSerializer.SerializeToElement(new JsonObject
            {
                ["status"] = NgsiAttributes.Property(Closed),
            })))],
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }

    private static string Plural(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";
}
