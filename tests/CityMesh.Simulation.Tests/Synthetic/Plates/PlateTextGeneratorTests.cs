using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Templates;

namespace CityMesh.Simulation.Tests.Synthetic.Plates;

public sealed class PlateTextGeneratorTests
{
    private static PlateTemplate Shipped(string id) => PlateTemplates.Shipped.Single(t => t.Id == id);

    private static List<string> Draw(PlateTemplate template, int n, ulong seed = 7)
    {
        var random = new PlateRandom(seed);
        return Enumerable.Range(0, n).Select(_ => PlateTextGenerator.Generate(template, ref random)).ToList();
    }

    [Fact]
    public void Three_templates_ship_taiwan_eu_and_california()
    {
        Assert.Equal(["eu-de", "tw-private", "us-ca"], PlateTemplates.Shipped.Select(t => t.Id));
        var tw = Shipped("tw-private");
        Assert.Equal((380.0, 160.0), (tw.Width, tw.Height));
    }

    [Theory]
    [InlineData("tw-private")]
    [InlineData("eu-de")]
    [InlineData("us-ca")]
    public void Every_generated_text_keeps_its_format(string id)
    {
        var template = Shipped(id);
        foreach (var text in Draw(template, 3000))
            Assert.True(PlateTextPattern.Matches(template, text), $"'{text}' breaks the {id} format");
    }

    [Fact]
    public void Taiwan_texts_are_three_letters_hyphen_four_digits_without_I_O_or_4()
    {
        var texts = Draw(Shipped("tw-private"), 5000);
        foreach (var t in texts)
        {
            Assert.Equal(8, t.Length);
            Assert.All(t[..3], c => Assert.True(c is >= 'A' and <= 'Z' and not 'I' and not 'O', t));
            Assert.Equal('-', t[3]);
            Assert.All(t[4..], c => Assert.True(c is >= '0' and <= '9' and not '4', t));
        }
        // Every allowed letter and digit turns up at every position: the classes are the whole alphabet, not a subset.
        for (int p = 0; p < 3; p++) Assert.Equal(24, texts.Select(t => t[p]).Distinct().Count());
        for (int p = 4; p < 8; p++) Assert.Equal(9, texts.Select(t => t[p]).Distinct().Count());
    }

    [Fact]
    public void California_texts_are_digit_three_letters_three_digits()
    {
        foreach (var t in Draw(Shipped("us-ca"), 3000))
        {
            Assert.Matches("^[1-9][A-Z]{3}[0-9]{3}$", t);
            Assert.DoesNotContain(t[1..4], c => c is 'I' or 'O' or 'Q');
        }
    }

    [Fact]
    public void German_texts_vary_in_length_within_eight_symbols_and_have_no_leading_zero()
    {
        var texts = Draw(Shipped("eu-de"), 5000);
        var areaLengths = new HashSet<int>();
        var numberLengths = new HashSet<int>();
        foreach (var t in texts)
        {
            Assert.Matches("^[A-Z]{1,3}-[A-Z]{1,2} [1-9][0-9]{0,3}$", t);
            Assert.True(t.Count(char.IsLetterOrDigit) <= 8, t);
            areaLengths.Add(t.IndexOf('-'));
            numberLengths.Add(t.Length - t.IndexOf(' ') - 1);
        }
        Assert.Equal([1, 2, 3], areaLengths.Order());
        Assert.Equal([1, 2, 3, 4], numberLengths.Order());
    }

    [Fact]
    public void The_pattern_refuses_texts_that_break_the_format()
    {
        var tw = Shipped("tw-private");
        Assert.True(PlateTextPattern.Matches(tw, "ABC-1235"));
        Assert.False(PlateTextPattern.Matches(tw, "AIC-1235"));
        Assert.False(PlateTextPattern.Matches(tw, "ABC-1234"));
        Assert.False(PlateTextPattern.Matches(tw, "ABC1235"));
        var de = Shipped("eu-de");
        Assert.True(PlateTextPattern.Matches(de, "B-AB 1234"));
        Assert.False(PlateTextPattern.Matches(de, "ABC-DE 1234"));
        Assert.False(PlateTextPattern.Matches(de, "B-AB 0123"));
    }
}
