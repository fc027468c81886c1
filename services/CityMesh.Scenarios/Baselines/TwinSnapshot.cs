using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin.Client;
using CityMesh.Twin.Client.Traffic;

namespace CityMesh.Scenarios.Baselines;

/// <summary>
/// The city's twin as read for one run: its road network as a CityFlow roadnet and its detectors' flows. Read once
/// (<see cref="ReadAsync"/>) so every ensemble member on this
/// machine simulates the same moment; each member draws its own trips from the flows (<see cref="Baseline"/>).
/// </summary>
public sealed record TwinSnapshot(Uri Twin, string City, JsonObject Roadnet, ObservedFlows Flows, TwinBaselineSpec Spec)
{
    /// <summary>Departures are drawn over this long when the scenario sets no horizon.</summary>
    public const double DefaultDemandSeconds = 3600;

    /// <param name="reader">A client of the twin at <paramref name="twin"/> that carries the caller's credentials: the twin's reads are not open.</param>
    public static async Task<TwinSnapshot> ReadAsync(TwinReaderClient reader, Uri twin, string city, TwinBaselineSpec spec, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!ScenarioDuration.TryParse(spec.MaxObservationAge, out var maxAge) || maxAge <= TimeSpan.Zero)
            throw new ScenarioInputException($"{TwinInput.Field}.maxObservationAge", $"'{spec.MaxObservationAge}' is not a duration such as 15m.");
        var entities = await new TwinInput(reader, twin).ReadTrafficAsync(city, ct);
        try
        {
            return new TwinSnapshot(twin, city, TwinRoadnet.ToCityFlow(entities), ObservedFlows.Of(entities, maxAge), spec);
        }
        catch (TwinDataException e)
        {
            throw new ScenarioInputException(TwinInput.Field, $"the twin at {twin} holds no network a simulation can run: {e.Message}", e);
        }
    }

    /// <summary>
    /// The baseline for one member: the roadnet and the flows are written to <paramref name="directory"/> (so the run
    /// can be repeated from files), the network is read back with the CityFlow reader, and trips are drawn from the
    /// flows with the member's seed over the horizon.
    /// </summary>
    public TrafficVariant Baseline(SignalControl controller, ulong seed, double? horizonSeconds, string directory)
    {
        Directory.CreateDirectory(directory);
        var roadnetPath = Path.Combine(directory, "twin-roadnet.json");
        File.WriteAllText(roadnetPath, Roadnet.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        File.WriteAllText(Path.Combine(directory, "twin-flows.csv"), FlowsCsv());
        try
        {
            var network = CityFlowNetworkReader.Read(roadnetPath);
            var demand = ObservedFlowDemand.Generate(network, Flows.ByRoad, horizonSeconds ?? DefaultDemandSeconds, seed,
                new ObservedFlowDemandOptions { UnobservedEntryFlowPerLane = Spec.UnobservedEntryFlowPerLane });
            if (demand.Demand.Trips.Count == 0)
                throw new ScenarioInputException(TwinInput.Field, $"the twin at {Twin} gives no demand: none of its {demand.EntryRoads} boundary roads has a recent flow "
                    + $"({Flows.Detectors} detectors, {Flows.Stale} stale, {Flows.Silent} never reported); set unobservedEntryFlowPerLane to send traffic anyway");
            var notes = new List<string>
            {
                $"network from the twin at {Twin}: {network.Edges.Count} roads, {network.Signals.Count} signals",
                $"demand from {Flows.ByRoad.Count} of {Flows.Detectors} detectors ({Flows.Stale} stale, {Flows.Silent} never reported"
                    + (Flows.Newest is { } at ? $", newest reading {at.ToString("u", CultureInfo.InvariantCulture)}" : "") + ")",
                $"{demand.VehiclesPerHour:N0} vehicles/h entering at {demand.EntryRoads} boundary roads"
                    + (demand.UnobservedEntries.Count > 0 ? $" ({demand.UnobservedEntries.Count} without a reading)" : "")
                    + $": {demand.Demand.Trips.Count:N0} trips",
            };
            return new TrafficVariant(TrafficVariant.BaselineName, network, demand.Demand, controller, notes);
        }
        catch (TrafficImportException e)
        {
            throw new ScenarioInputException(TwinInput.Field, $"the twin's network does not load: {e.Message}", e);
        }
    }

    private string FlowsCsv()
    {
        var csv = new StringBuilder("road,vehicles_per_hour\n");
        foreach (var (road, flow) in Flows.ByRoad.OrderBy(p => p.Key, StringComparer.Ordinal))
            csv.Append(road).Append(',').Append(flow.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return csv.ToString();
    }
}
