using System.Globalization;
using System.Xml.Linq;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>
/// tripinfo.xml and statistics.xml as SUMO writes them, so a script compares a run with SUMO's on SUMO's definitions:
/// depart is the insertion, departDelay the wait before it, duration insertion to arrival.
/// </summary>
public sealed class SumoOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-sumo-output-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Tripinfo_and_statistics_keep_duration_and_depart_delay_apart_as_SUMO_does()
    {
        var network = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));
        var demand = SumoRoutesReader.Read(TrafficTestData.Data("Sumo", "grid3.rou.xml"), network, seed: 7);
        var results = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = 7 }).Run();
        TrafficResultsWriter.WriteAll(results, _directory);

        var tripinfos = XDocument.Load(Path.Combine(_directory, "tripinfo.xml")).Root!.Elements("tripinfo").ToList();
        var arrived = results.Trips.Where(t => t.Status == TripStatus.Arrived).ToDictionary(t => t.Id);
        Assert.Equal(results.Summary.Arrived, tripinfos.Count);
        Assert.True(tripinfos.Count > 20);
        // Some waited to enter: departDelay is not folded into duration.
        Assert.Contains(tripinfos, t => Number(t, "departDelay") > 0);
        foreach (var info in tripinfos)
        {
            var trip = arrived[info.Attribute("id")!.Value];
            Assert.Equal(trip.Insertion, Number(info, "depart"), 2);
            Assert.Equal(trip.Duration, Number(info, "departDelay") + Number(info, "duration"), 1);
            Assert.Equal(demand.Types[demand.Trips.Single(t => t.Id == trip.Id).Type].Id, info.Attribute("vType")!.Value);
        }
        Assert.Equal(tripinfos.Select(t => Number(t, "arrival")).Order(), tripinfos.Select(t => Number(t, "arrival")));

        var statistics = XDocument.Load(Path.Combine(_directory, "statistics.xml")).Root!;
        var vehicles = statistics.Element("vehicles")!;
        Assert.Equal((double)results.Summary.TripsTotal, Number(vehicles, "loaded"));
        Assert.Equal((double)results.Summary.Inserted, Number(vehicles, "inserted"));
        var teleports = statistics.Element("teleports")!;
        Assert.Equal(Number(teleports, "total"), Number(teleports, "jam") + Number(teleports, "yield") + Number(teleports, "wrongLane"));
        var trips = statistics.Element("vehicleTripStatistics")!;
        Assert.Equal(tripinfos.Average(t => Number(t, "duration")), Number(trips, "duration"), 1);
        Assert.Equal(results.Summary.MeanTravelTime - results.Summary.MeanInsertionDelay, Number(trips, "duration"), 0);
    }
}
