using CityMesh.Limits;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>
/// Each value the review found crashing or slipping through a .net.xml, refused with the file, line, element and
/// attribute. The base is Data/Sumo/grid3.net.xml with one edit.
/// </summary>
public sealed class SumoNetworkRefusalTests : IDisposable
{
    private static readonly string Grid = File.ReadAllText(TrafficTestData.Data("Sumo", "grid3.net.xml"));
    private const string Lane0 = "<lane id=\"A0A1_0\" index=\"0\" speed=\"13.89\" length=\"183.20\"";
    private readonly ScratchFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1e308")]
    public void A_lane_length_that_is_not_positive_or_absurd_is_refused(string length)
    {
        var (text, line) = TextEdit.Replace(Grid, Lane0, Lane0.Replace("183.20", length));
        var e = Refused(text);
        Assert.Contains($"grid.net.xml: line {line}: <lane id=\"A0A1_0\"> attribute 'length' is {length}; a lane length must be positive and at most 100000 m", e.Message);
    }

    [Fact]
    public void A_speed_of_zero_is_refused()
    {
        var (text, line) = TextEdit.Replace(Grid, Lane0, Lane0.Replace("13.89", "0"));
        Assert.Contains($"line {line}: <lane id=\"A0A1_0\"> attribute 'speed' is 0; a speed must be positive and at most 150 m/s", Refused(text).Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("fast")]
    public void A_speed_that_is_not_a_number_is_refused(string speed)
    {
        var (text, line) = TextEdit.Replace(Grid, Lane0, Lane0.Replace("13.89", speed));
        Assert.Contains($"line {line}: <lane id=\"A0A1_0\"> attribute 'speed' '{speed}' is not a number", Refused(text).Message);
    }

    [Fact]
    public void A_shape_point_that_is_not_finite_is_refused()
    {
        var (text, line) = TextEdit.Replace(Grid, "shape=\"4.80,6.40 4.80,189.60\"", "shape=\"NaN,6.40 4.80,189.60\"");
        Assert.Contains($"line {line}: <lane id=\"A0A1_0\"> attribute 'shape' has the point 'NaN,6.40'; a coordinate must be between -100000000 and 100000000 m",
            Refused(text).Message);
    }

    [Fact]
    public void A_duplicate_lane_id_is_refused()
    {
        var (text, line) = TextEdit.Replace(Grid, "<lane id=\"A0A1_1\"", "<lane id=\"A0A1_0\"");
        Assert.Contains($"line {line}: <lane id=\"A0A1_0\"> attribute 'id' is a duplicate lane id", Refused(text).Message);
    }

    [Fact]
    public void A_duplicate_edge_id_is_refused()
    {
        var (text, line) = TextEdit.InsertAfter(Grid, "<lane id=\"A0A1_1\"",
            "    </edge>\n    <edge id=\"A0A1\" from=\"A0\" to=\"A1\"><lane id=\"again_0\" index=\"0\" speed=\"13.89\" length=\"183.20\" shape=\"4.80,6.40 4.80,189.60\"/>");
        Assert.Contains($"line {line + 1}: <edge id=\"A0A1\"> attribute 'id' is a duplicate edge id", Refused(text).Message);
    }

    [Fact]
    public void A_duplicate_junction_id_is_refused()
    {
        var (text, line) = TextEdit.InsertAfter(Grid, "    <junction id=\"B1\"", "    </junction>\n    <junction id=\"A0\" type=\"dead_end\" x=\"0\" y=\"0\" incLanes=\"\" intLanes=\"\" shape=\"0,0\">");
        Assert.Contains($"line {line + 1}: <junction id=\"A0\"> attribute 'id' is a duplicate junction id", Refused(text).Message);
    }

    [Fact]
    public void An_edge_to_an_unknown_junction_is_refused()
    {
        var (text, line) = TextEdit.Replace(Grid, "<edge id=\"A0A1\" from=\"A0\"", "<edge id=\"A0A1\" from=\"Z9\"");
        Assert.Contains($"line {line}: <edge id=\"A0A1\"> attribute 'from' names junction 'Z9', which the file does not define", Refused(text).Message);
    }

    [Fact]
    public void A_junction_listing_an_unknown_lane_is_refused()
    {
        var (text, line) = TextEdit.Replace(Grid, "incLanes=\"A1A0_0 A1A0_1 B0A0_0 B0A0_1\"", "incLanes=\"A1A0_0 nowhere_7\"");
        Assert.Contains($"line {line}: <junction id=\"A0\"> attribute 'incLanes' names lane 'nowhere_7', which the file does not define", Refused(text).Message);
    }

    [Fact]
    public void Phases_that_last_zero_seconds_in_all_are_refused()
    {
        var start = Grid.IndexOf("<tlLogic id=\"A1\"", StringComparison.Ordinal);
        var end = Grid.IndexOf("</tlLogic>", start, StringComparison.Ordinal);
        var zeroed = System.Text.RegularExpressions.Regex.Replace(Grid[start..end], "duration=\"[0-9.]+\"", "duration=\"0\"");
        var text = string.Concat(Grid.AsSpan(0, start), zeroed, Grid.AsSpan(end));
        var line = TextEdit.Replace(Grid, "<tlLogic id=\"A1\"", "").Line;
        Assert.Contains($"line {line}: <tlLogic id=\"A1\"> has 4 phases that last 0 s in all; a cycle must last more than 0 s", Refused(text).Message);
    }

    [Fact]
    public void A_negative_phase_duration_is_refused()
    {
        var (text, line) = TextEdit.ReplaceAfter(Grid, "<tlLogic id=\"A1\"", "<phase duration=\"42\"", "<phase duration=\"-42\"");
        Assert.Contains($"line {line}: <phase> attribute 'duration' is -42; a phase duration must be between 0 and 31536000 s", Refused(text).Message);
    }

    [Fact]
    public void An_unknown_signal_letter_is_refused_naming_sumos_letters()
    {
        var (text, line) = TextEdit.ReplaceAfter(Grid, "<tlLogic id=\"A1\"", "state=\"GGggrrrrGGGg\"", "state=\"GGggrrrrGGGX\"");
        Assert.Contains($"line {line}: <phase> attribute 'state' has 'X' at position 11; a signal state is made of SUMO's letters ruyYgGsoO", Refused(text).Message);
    }

    [Fact]
    public void A_second_programme_with_the_same_id_is_refused()
    {
        var (text, line) = TextEdit.InsertAfter(Grid, "    </tlLogic>", "    <tlLogic id=\"A1\" type=\"static\" programID=\"0\" offset=\"0\"><phase duration=\"5\" state=\"rrrrrrrrrrrr\"/></tlLogic>");
        Assert.Contains($"line {line}: <tlLogic id=\"A1\"> attribute 'programID' '0' is defined twice for traffic light 'A1'", Refused(text).Message);
    }

    [Fact]
    public void A_dtd_with_entities_is_refused_before_any_expansion()
    {
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE net [\n <!ENTITY a \"aaaaaaaaaa\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n" +
                     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n<net><edge id=\"&c;\" from=\"a\" to=\"b\"/></net>\n";
        var e = Refused(laughs);
        // The parser stops at the DOCTYPE, before the first entity is declared, let alone expanded.
        Assert.Matches(@"grid\.net\.xml: line \d+: malformed XML: For security reasons DTD is prohibited", e.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var path = _files.Write("grid.net.xml", Grid);
        var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(path, InputLimits.Default with { InputFileBytes = 1000 }));
        Assert.Contains($"grid.net.xml: is {new FileInfo(path).Length:N0} bytes, more than the 1,000 bytes an input file may have (CityMesh:Limits:InputFileBytes)", e.Message);
    }

    private TrafficImportException Refused(string text)
    {
        var path = _files.Write("grid.net.xml", text);
        var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(path));
        Assert.Equal(path, e.File);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}
