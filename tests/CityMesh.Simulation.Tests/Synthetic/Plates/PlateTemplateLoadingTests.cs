using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateTemplateLoadingTests
{
    private static string Valid(string replace = "", string with = "") => """
        {
          "id": "test-plate", "width": 300, "height": 100, "cornerRadius": 5,
          "background": "#FFFFFF", "border": "#000000", "borderWidth": 2,
          "text": { "colour": "#000000", "left": 10, "right": 290, "top": 20, "height": 60,
                    "characterWidth": 30, "narrowWidth": 15, "spaceWidth": 10, "spacing": 4, "stroke": 6 },
          "format": [ { "class": "letter", "min": 2, "max": 3, "exclude": "Q" }, { "literal": "-" }, { "class": "digit", "min": 3, "max": 3 } ]
        }
        """ is var json && replace.Length > 0 ? json.Replace(replace, with) : json;

    private static string Error(string json) => Assert.Throws<PlateTemplateException>(() => PlateTemplates.Parse(json, "mine.json")).Message;

    [Fact]
    public void A_valid_template_loads_with_its_fields()
    {
        var t = PlateTemplates.Parse(Valid(), "mine.json");
        Assert.Equal("test-plate", t.Id);
        Assert.Equal(3, t.Format.Count);
        Assert.Equal("Q", t.Format[0].Exclude);
    }

    [Fact]
    public void A_wrong_type_names_the_file_and_field()
    {
        var message = Error(Valid("\"height\": 60", "\"height\": \"tall\""));
        Assert.StartsWith("mine.json: text.height:", message);
    }

    [Fact]
    public void An_unknown_field_is_named()
    {
        var message = Error(Valid("\"cornerRadius\"", "\"cornerRadios\""));
        Assert.Contains("mine.json", message);
        Assert.Contains("cornerRadios", message);
    }

    [Theory]
    [InlineData("\"width\": 300", "\"width\": -3", "width")]
    [InlineData("\"background\": \"#FFFFFF\"", "\"background\": \"white\"", "background")]
    [InlineData("\"id\": \"test-plate\"", "\"id\": \"Bad Id\"", "id")]
    [InlineData("\"right\": 290", "\"right\": 5", "text.right")]
    [InlineData("\"top\": 20", "\"top\": 60", "text.height")]
    [InlineData("\"min\": 2, \"max\": 3", "\"min\": 4, \"max\": 3", "format[0].max")]
    [InlineData("\"class\": \"digit\"", "\"class\": \"symbol\"", "format[2].class")]
    [InlineData("\"exclude\": \"Q\"", "\"exclude\": \"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"", "format[0].exclude")]
    [InlineData("{ \"literal\": \"-\" }", "{ \"literal\": \"/\" }", "format[1].literal")]
    [InlineData("{ \"literal\": \"-\" }", "{ \"literal\": \"-\", \"class\": \"digit\" }", "format[1]")]
    public void Bad_values_name_their_field(string replace, string with, string field)
    {
        var message = Error(Valid(replace, with));
        Assert.Contains($"{field}: ", message);
        Assert.StartsWith("mine.json: ", message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-template-{Guid.NewGuid():N}.json");
        Assert.StartsWith(path, Assert.Throws<PlateTemplateException>(() => PlateTemplates.LoadFile(path)).Message);
    }

    [Fact]
    public void A_decoration_outside_the_font_is_refused()
    {
        var json = Valid("\"format\"", "\"decorations\": [ { \"character\": \"€\", \"x\": 1, \"y\": 1, \"width\": 8, \"height\": 8, \"stroke\": 1 } ], \"format\"");
        Assert.Contains("decorations[0].character", Error(json));
    }
}
