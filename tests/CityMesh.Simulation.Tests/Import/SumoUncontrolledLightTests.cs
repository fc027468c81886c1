using System.Text.RegularExpressions;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// A traffic_light junction whose links no programme controls (Bologna's pasubio has one: a light removed in an
/// editor, the junction's type left) is driven by its links' own states, as SUMO drives it: a priority junction.
/// </summary>
public sealed class SumoUncontrolledLightTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-uncontrolled-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_traffic_light_junction_without_a_programme_or_controlled_links_becomes_a_priority_junction()
    {
        var text = File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"));
        // Light A1 taken away as an editor leaves it: its programme and its links' tl and linkIndex gone.
        text = Regex.Replace(text, """<tlLogic id="A1".*?</tlLogic>""", "", RegexOptions.Singleline);
        text = Regex.Replace(text, """ tl="A1" linkIndex="\d+" """, " ");
        Assert.DoesNotContain("\"A1\" linkIndex", text);
        var path = Path.Combine(_directory, "uncontrolled.net.xml");
        File.WriteAllText(path, text);

        var network = SumoNetworkReader.Read(path);

        var a1 = network.Junctions.Single(j => j.Id == "A1");
        Assert.Equal((JunctionKind.Priority, (int?)null), (a1.Kind, a1.Signal));
        Assert.DoesNotContain(network.Signals, s => s.Id == "A1");
        Assert.Equal(JunctionKind.TrafficLight, network.Junctions.Single(j => j.Id == "B0").Kind);
    }
}
