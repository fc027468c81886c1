using System.Globalization;
using System.Xml.Linq;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Sumo;
using CityMesh.Simulation.Tests.Import;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Fidelity;

/// <summary>
/// Gap acceptance at a priority junction against SUMO on the same files: Data/Sumo/t-junction (netconvert from its
/// .nod.xml and .edg.xml), a major road W–E and a minor road from the south, its queue kept full (600 veh/h asked
/// of it) so that what it passes is its capacity. Both simulators run the hour; the minor road's arrivals between
/// 900 s and 3,600 s, per hour, are compared.
/// </summary>
public sealed class SumoGapAcceptanceTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Net = TrafficTestData.Data("Sumo", "t-junction.net.xml");
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-gaps-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Left turners crossing one major stream of 600 veh/h (no merge: nothing comes the other way). Measured
    /// 2026-12-06: SUMO 504 veh/h, CityMesh 561 (+11 %). Merging into a major stream is not matched yet: SUMO lets a
    /// right turner in ahead of 600 veh/h at 244 veh/h, CityMesh at about twice that (see the engine README).
    /// </summary>
    [Fact]
    public async Task A_minor_road_crossing_a_major_stream_passes_within_15_percent_of_SUMOs_capacity()
    {
        var routes = WriteRoutes("crossing.rou.xml",
            ("major", "WC", "CE", 600, "departSpeed=\"max\""),
            ("minor", "SC", "CW", 600, ""));
        var sumo = SumoInstallation.Find();
        var theirs = await SumoRunner.RunAsync(sumo, Net, routes, new SumoRunOptions(Seed: 42));
        double sumoCapacity = Capacity(SumoArrivals(theirs.TripInfoPath));

        var network = SumoNetworkReader.Read(Net);
        var demand = SumoRoutesReader.Read(routes, network, 42);
        var ours = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 42 }).Run();
        double ourCapacity = Capacity(ours.Trips.Select(t => (t.Id, t.Arrival)));

        output.WriteLine($"minor road capacity: SUMO {theirs.Version} {sumoCapacity:0} veh/h, CityMesh {ourCapacity:0} veh/h");
        // The queue is saturated in both (the case holds): far below the 600 veh/h asked.
        Assert.InRange(sumoCapacity, 100, 550);
        Assert.InRange(ourCapacity, sumoCapacity * 0.85, sumoCapacity * 1.15);
    }

    private string WriteRoutes(string name, params (string Id, string From, string To, int PerHour, string Extra)[] flows)
    {
        var path = Path.Combine(_directory, name);
        var lines = flows.Select(f => $"  <flow id=\"{f.Id}\" begin=\"0\" end=\"3600\" vehsPerHour=\"{f.PerHour}\" from=\"{f.From}\" to=\"{f.To}\" {f.Extra}/>");
        File.WriteAllText(path, $"<routes>\n{string.Join('\n', lines)}\n</routes>\n");
        return path;
    }

    private static IEnumerable<(string Id, double Arrival)> SumoArrivals(string tripInfo) =>
        XDocument.Load(tripInfo).Descendants("tripinfo").Select(t =>
            ((string)t.Attribute("id")!, double.Parse((string)t.Attribute("arrival")!, CultureInfo.InvariantCulture)));

    /// <summary>Minor-road vehicles arriving between 900 s and 3,600 s, per hour.</summary>
    private static double Capacity(IEnumerable<(string Id, double Arrival)> trips) =>
        trips.Count(t => t.Id.StartsWith("minor", StringComparison.Ordinal) && t.Arrival is >= 900 and < 3600) * 3600.0 / 2700;
}
