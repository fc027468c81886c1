using CityMesh.Limits;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>
/// Demand that asked for unbounded work (one flow file drove a run to 21 GB) or slipped through unchecked: each is
/// refused by counting, before a single vehicle is made, with the file, line, element and the totals.
/// </summary>
public sealed class SumoDemandRefusalTests : IDisposable
{
    private static readonly TrafficNetwork Grid = SumoNetworkReader.Read(TrafficTestData.Data("Sumo", "grid3.net.xml"));
    private readonly ScratchFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_parser_error_quoting_a_control_character_stays_on_one_line()
    {
        // The XML parser's own message quotes the character it choked on: here a carriage return opening a tag.
        var e = Refused("<routes>\n<\r/>\n</routes>");

        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("malformed XML", e.Message);
        Assert.Contains("\\u000d", e.Message);
    }

    [Fact]
    public void A_tiny_flow_file_asking_for_a_billion_vehicles_is_refused_by_counting()
    {
        var e = Refused("<routes>\n    <flow id=\"f\" route=\"r\" begin=\"0\" end=\"3600\" number=\"1000000000\"/>\n</routes>");
        Assert.Contains("demand.rou.xml: line 3: <flow id=\"f\"> asks for 1,000,000,000 vehicles, which brings the demand to 1,000,000,000, " +
                        "more than the 5,000,000 a simulation may have (CityMesh:Limits:VehiclesPerSimulation)", e.Message);
    }

    [Theory]
    [InlineData("period=\"0.000001\"", "86,400,000,000")]
    [InlineData("vehsPerHour=\"1000000\"", "24,000,000")]
    [InlineData("probability=\"1\"", "86,400")]
    public void Flow_rates_are_counted_over_their_span(string rate, string vehicles)
    {
        var limits = InputLimits.Default with { VehiclesPerSimulation = 10_000 };
        var e = Refused($"<routes>\n    <flow id=\"f\" route=\"r\" begin=\"0\" end=\"86400\" {rate}/>\n</routes>", limits);
        Assert.Contains($"line 3: <flow id=\"f\"> asks for {vehicles} vehicles, which brings the demand to {vehicles}, more than the 10,000", e.Message);
    }

    [Fact]
    public void Many_flows_are_refused_at_the_one_that_crosses_the_limit()
    {
        var flows = string.Concat(Enumerable.Range(0, 6).Select(i => $"    <flow id=\"f{i}\" route=\"r\" begin=\"0\" end=\"3600\" number=\"1000000\"/>\n"));
        var e = Refused($"<routes>\n{flows}</routes>");
        Assert.Contains("line 8: <flow id=\"f5\"> asks for 1,000,000 vehicles, which brings the demand to 6,000,000, more than the 5,000,000", e.Message);
    }

    [Fact]
    public void A_number_beyond_any_integer_is_refused()
    {
        var e = Refused("<routes>\n    <flow id=\"f\" route=\"r\" number=\"99999999999999999999\"/>\n</routes>");
        Assert.Contains("line 3: <flow id=\"f\"> attribute 'number' '99999999999999999999' is not an integer", e.Message);
    }

    [Fact]
    public void A_departure_past_a_year_is_refused()
    {
        var e = Refused("<routes>\n    <vehicle id=\"v\" route=\"r\" depart=\"1e308\"/>\n</routes>");
        Assert.Contains("line 3: <vehicle id=\"v\"> attribute 'depart' is 1e308; a time must be between 0 and 31536000 s", e.Message);
    }

    [Theory]
    [InlineData("<vehicle id=\"v\" route=\"r\" depart=\"0\"/>", "<trip id=\"v\" depart=\"1\" from=\"A0A1\" to=\"A1A2\"/>")]
    [InlineData("<flow id=\"v\" route=\"r\" number=\"2\"/>", "<vehicle id=\"v\" route=\"r\" depart=\"0\"/>")]
    public void Vehicles_trips_and_flows_share_one_id_namespace(string first, string second)
    {
        var e = Refused($"<routes>\n    {first}\n    {second}\n</routes>");
        Assert.Contains("line 4: <", e.Message);
        Assert.Contains("id=\"v\"> attribute 'id' is a duplicate id (vehicles, trips and flows share one namespace)", e.Message);
    }

    [Fact]
    public void A_vehicle_named_like_a_flows_vehicle_is_refused()
    {
        var e = Refused("<routes>\n    <flow id=\"f\" route=\"r\" number=\"3\"/>\n    <vehicle id=\"f.2\" route=\"r\" depart=\"0\"/>\n</routes>");
        Assert.Contains("line 4: <vehicle id=\"f.2\"> attribute 'id' is also the name of vehicle 2 of flow 'f'", e.Message);
    }

    [Fact]
    public void A_duplicate_route_id_is_refused()
    {
        var e = Refused("<routes>\n    <route id=\"r\" edges=\"A1A2\"/>\n</routes>");
        Assert.Contains("line 3: <route id=\"r\"> attribute 'id' is a duplicate route id", e.Message);
    }

    [Theory]
    [InlineData("accel=\"0\"", "'accel' is 0; an acceleration must be positive and at most 100 m/s²")]
    [InlineData("length=\"-4\"", "'length' is -4; a vehicle length must be positive and at most 1000 m")]
    [InlineData("maxSpeed=\"NaN\"", "'maxSpeed' 'NaN' is not a number")]
    [InlineData("speedFactor=\"norm(1e308,0.1)\"", "'speedFactor' is 1e308; a speed factor must be positive and at most 10")]
    public void Vehicle_type_parameters_are_held_to_their_bounds(string attribute, string message)
    {
        var e = Refused($"<routes>\n    <vType id=\"t\" {attribute}/>\n</routes>");
        Assert.Contains($"line 3: <vType id=\"t\"> attribute {message}", e.Message);
    }

    /// <summary>A routes file with the named route "r" on its line 2, then <paramref name="text"/>'s elements.</summary>
    private TrafficImportException Refused(string text, InputLimits? limits = null)
    {
        var path = _files.Write("demand.rou.xml", text.Replace("<routes>\n", "<routes>\n    <route id=\"r\" edges=\"A0A1 A1A2\"/>\n"));
        var e = Assert.Throws<TrafficImportException>(() => SumoRoutesReader.Read(path, Grid, seed: 1, limits));
        Assert.Equal(path, e.File);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}
