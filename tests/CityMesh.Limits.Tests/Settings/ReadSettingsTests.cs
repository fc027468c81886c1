using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Limits.Tests.Settings;

public sealed class ReadSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    private static string Refusal(params (string Key, string? Value)[] settings) =>
        Assert.Throws<InvalidOperationException>(() => Configuration(settings).ReadSettings<ExampleSettings>()).Message;

    [Fact]
    public void An_absent_section_gives_the_defaults()
    {
        var settings = Configuration(("CityMesh:Other:Count", "9")).ReadSettings<ExampleSettings>();

        Assert.Equal(TimeSpan.FromSeconds(1), settings.Delay);
        Assert.Equal(3, settings.Count);
        Assert.Null(settings.Seed);
        Assert.Equal(ExampleLevel.Low, settings.Level);
        Assert.Equal(1, settings.Nested.Weight);
        Assert.Empty(settings.Items);
        Assert.Empty(settings.ByName);
    }

    [Fact]
    public void Values_nested_sections_lists_and_dictionaries_bind_whatever_the_keys_case()
    {
        var settings = Configuration(
            ("CityMesh:Example:delay", "00:00:05"),
            ("CityMesh:Example:Level", "High"),
            ("CityMesh:Example:Seed", "7"),
            ("CityMesh:Example:Nested:Weight", "2.5"),
            ("CityMesh:Example:Items:0:Id", "a"),
            ("CityMesh:Example:Items:1:Id", "b"),
            ("CityMesh:Example:ByName:north:Weight", "4")).ReadSettings<ExampleSettings>();

        Assert.Equal(TimeSpan.FromSeconds(5), settings.Delay);
        Assert.Equal(ExampleLevel.High, settings.Level);
        Assert.Equal(7, settings.Seed);
        Assert.Equal(2.5, settings.Nested.Weight);
        Assert.Equal(["a", "b"], settings.Items.Select(i => i.Id));
        Assert.Equal(4, settings.ByName["north"].Weight);
        Assert.Equal(3, settings.Count);
    }

    [Fact]
    public void An_empty_value_leaves_an_optional_setting_unset()
    {
        Assert.Null(Configuration(("CityMesh:Example:Seed", "")).ReadSettings<ExampleSettings>().Seed);
    }

    [Fact]
    public void A_value_that_does_not_convert_is_refused_naming_its_full_key_and_the_value()
    {
        Assert.Equal("CityMesh:Example:Count is 'abc', which is not a whole number that fits Int32.", Refusal(("CityMesh:Example:Count", "abc")));
        Assert.Equal("CityMesh:Example:Level is 'Sometimes', which is not one of Low, High.", Refusal(("CityMesh:Example:Level", "Sometimes")));
        Assert.Equal("CityMesh:Example:Delay is 'soon', which is not a time span such as 00:00:30.", Refusal(("CityMesh:Example:Delay", "soon")));
        Assert.Equal("CityMesh:Example:Items:0:Weight is 'heavy', which is not a number.", Refusal(("CityMesh:Example:Items:0:Weight", "heavy")));
    }

    [Fact]
    public void A_misspelt_key_is_refused_naming_it_and_the_keys_its_section_takes()
    {
        Assert.Equal(
            "CityMesh:Example:Dealy is not a setting (CityMesh:Example takes Delay, Count, Seed, Level, Name, Nested, Items, ByName, Routing).",
            Refusal(("CityMesh:Example:Dealy", "00:00:05")));
    }

    [Fact]
    public void Unknown_keys_inside_a_list_item_a_dictionary_entry_or_a_nested_section_are_named_in_full()
    {
        var message = Refusal(
            ("CityMesh:Example:Items:0:Ident", "a"),
            ("CityMesh:Example:ByName:north:Weigth", "4"),
            ("CityMesh:Example:Nested:Colour", "red"));

        Assert.Contains("CityMesh:Example:Items:0:Ident is not a setting (CityMesh:Example:Items:0 takes Id, Weight)", message);
        Assert.Contains("CityMesh:Example:ByName:north:Weigth is not a setting", message);
        Assert.Contains("CityMesh:Example:Nested:Colour is not a setting", message);
    }

    [Fact]
    public void A_computed_property_and_a_key_under_a_single_value_are_not_settings()
    {
        Assert.StartsWith("CityMesh:Example:Upper is not a setting (", Refusal(("CityMesh:Example:Upper", "JINAN")));
        Assert.Equal("CityMesh:Example:Name:First is not a setting (CityMesh:Example:Name is a single value).", Refusal(("CityMesh:Example:Name:First", "x")));
    }

    [Fact]
    public void A_value_given_for_a_whole_section_is_refused_without_repeating_it()
    {
        Assert.Equal("CityMesh:Example:Items:0 has a value, but it is a section: give its settings as keys under it.",
            Refusal(("CityMesh:Example:Items:0", "a-secret-pasted-here")));
        Assert.StartsWith("CityMesh:Example:Nested has a value", Refusal(("CityMesh:Example:Nested", "on")));
    }

    [Fact]
    public void A_child_section_another_settings_class_reads_is_not_unknown_here()
    {
        var settings = Configuration(("CityMesh:Example:Routing:MinSpeedKmh", "5"), ("CityMesh:Example:Count", "4")).ReadSettings<ExampleSettings>();

        Assert.Equal(4, settings.Count);
    }

    [Fact]
    public void Every_problem_is_named_in_one_exception()
    {
        var message = Refusal(("CityMesh:Example:Count", "many"), ("CityMesh:Example:Colour", "red"));

        Assert.Contains("CityMesh:Example:Count is 'many'", message);
        Assert.Contains("CityMesh:Example:Colour is not a setting", message);
    }

    [Fact]
    public void A_setting_that_binds_but_fails_validation_is_refused_naming_its_key()
    {
        Assert.Equal("CityMesh:Example:Delay must be positive, was -00:00:01", Refusal(("CityMesh:Example:Delay", "-00:00:01")));
    }

    [Fact]
    public void Input_limits_read_this_way_name_their_key()
    {
        var limits = Configuration(("CityMesh:Limits:JsonDepth", "32"), ("CityMesh:Limits:InputRoots:0", "/data")).ReadSettings<InputLimits>();
        Assert.Equal(32, limits.JsonDepth);
        Assert.Equal(["/data"], limits.InputRoots);

        var error = Assert.Throws<InvalidOperationException>(() => Configuration(("CityMesh:Limits:YamlNodes", "0")).ReadSettings<InputLimits>());
        Assert.Equal("CityMesh:Limits:YamlNodes is 0; it must be positive.", error.Message);
    }
}
