using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// SUMO additional files (sumo -a) beside Data/Sumo/grid3: vTypes and vType distributions join the demand, a tlLogic
/// replaces the programme its light runs, detectors change nothing, and anything else is refused naming the element.
/// </summary>
public sealed class SumoAdditionalFileTests : IDisposable
{
    private static readonly string Net = TrafficTestData.Data("Sumo", "grid3.net.xml");
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-additional-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string xml)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, xml);
        return path;
    }

    /// <summary>Vehicles on one route of the grid, naming <paramref name="type"/>.</summary>
    private string Routes(string type, int vehicles = 1, string extra = "") => Write("demand.rou.xml", $"""
        <routes>{extra}
            <flow id="f" type="{type}" begin="0" end="{vehicles}" number="{vehicles}"><route edges="A0A1 A1A2"/></flow>
        </routes>
        """);

    [Fact]
    public void A_vType_distribution_gives_each_vehicle_a_member_in_proportion_to_its_weight()
    {
        var types = Write("types.add.xml", """
            <additional>
                <vTypeDistribution id="private">
                    <vType id="small" length="4" probability="3"/>
                    <vType id="van" length="6" probability="1"/>
                </vTypeDistribution>
                <vType id="bus" length="12"/>
                <vTypeDistribution id="fleet" vTypes="van bus" probabilities="0 1"/>
                <inductionLoop id="d0" lane="A0A1_0" pos="10" period="60" file="NUL"/>
            </additional>
            """);
        var network = SumoNetworkReader.Read(Net, additional: [types]);

        var demand = SumoRoutesReader.Read(Routes("private", 4000), network, seed: 3, additional: [types]);
        var small = demand.Trips.Count(t => demand.Types[t.Type].Id == "small");
        var van = demand.Trips.Count(t => demand.Types[t.Type].Id == "van");
        Assert.Equal(4000, small + van);
        Assert.InRange(small / 4000.0, 0.72, 0.78); // 3 : 1 within 3 %; binomial σ is 0.7 %
        Assert.Equal(6, demand.Types.Single(t => t.Id == "van").Length);

        var fleet = SumoRoutesReader.Read(Routes("fleet", 50), network, seed: 3, additional: [types]);
        Assert.All(fleet.Trips, t => Assert.Equal("bus", fleet.Types[t.Type].Id)); // weight 0 never drawn
        Assert.Equal(SumoRoutesReader.Read(Routes("private", 100), network, seed: 3, additional: [types]).Trips.Select(t => t.Type),
            SumoRoutesReader.Read(Routes("private", 100), network, seed: 3, additional: [types]).Trips.Select(t => t.Type)); // a seed draws the same again
    }

    [Theory]
    [InlineData("""<vTypeDistribution id="empty"/>""", "<vTypeDistribution id=\"empty\">", "has no vType")]
    [InlineData("""<vTypeDistribution id="d" vTypes="ghost"/>""", "attribute 'vTypes'", "names vType 'ghost', which is not defined before it")]
    [InlineData("""<vTypeDistribution id="d"><vType id="a" probability="-1"/></vTypeDistribution>""", "attribute 'probability'", "")]
    [InlineData("""<vTypeDistribution id="d"><vType id="a" probability="0"/></vTypeDistribution>""", "attribute 'probability'", "of every member is 0")]
    [InlineData("""<vType id="d"/><vTypeDistribution id="d"><vType id="a"/></vTypeDistribution>""", "attribute 'id'", "duplicate")]
    [InlineData("""<busStop id="s" lane="A0A1_0" startPos="10" endPos="30"/>""", "<busStop id=\"s\">", "is not supported in an additional file")]
    [InlineData("""<vTypeDistribution id="d"><personFlow id="p"/></vTypeDistribution>""", "<personFlow id=\"p\">", "inside <vTypeDistribution> is not supported")]
    public void A_bad_or_unsupported_element_is_refused_naming_it(string element, string where, string problem)
    {
        var add = Write("bad.add.xml", $"<additional>{element}</additional>");
        var network = SumoNetworkReader.Read(Net, additional: [add]);
        var e = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(Routes("DEFAULT_VEHTYPE"), network, additional: [add]));
        Assert.Contains("bad.add.xml: line 1: ", e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_tlLogic_of_an_additional_file_is_the_programme_that_runs_and_must_be_one_of_the_network_s_lights()
    {
        var held = SumoNetworkReader.Read(Net);
        var light = held.Signals[0];
        var state = new string('G', light.Phases[0].State.Length);
        var program = Write("tls.add.xml", $"""
            <additional>
                <tlLogic id="{light.Id}" type="static" programID="all-green" offset="7">
                    <phase duration="40" state="{state}"/>
                </tlLogic>
            </additional>
            """);

        var network = SumoNetworkReader.Read(Net, additional: [program]);
        var replaced = network.Signals.Single(s => s.Id == light.Id);
        Assert.Equal((7.0, 1, 40.0, state), (replaced.Offset, replaced.Phases.Count, replaced.Phases[0].Duration, replaced.Phases[0].State));
        Assert.Equal(held.Signals.Count, network.Signals.Count);

        var stranger = Write("stranger.add.xml", """<additional><tlLogic id="nowhere" programID="x"><phase duration="5" state="G"/></tlLogic></additional>""");
        var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(Net, additional: [stranger]));
        Assert.Contains("stranger.add.xml: line 1: <tlLogic id=\"nowhere\"> attribute 'id' names traffic light 'nowhere', which the network does not have", e.Message);
        var twice = Write("twice.add.xml", $"""<additional><tlLogic id="{light.Id}" programID="0"><phase duration="5" state="{state}"/></tlLogic></additional>""");
        Assert.Contains("is defined twice", Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(Net, additional: [twice])).Message);
    }

    [Fact]
    public void A_file_that_is_not_an_additional_file_is_refused()
    {
        var wrong = Write("wrong.add.xml", "<net/>");
        Assert.Contains("expected a SUMO additional file", Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(Net, additional: [wrong])).Message);
    }
}
