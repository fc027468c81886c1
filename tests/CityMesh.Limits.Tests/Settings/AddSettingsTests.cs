using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Limits.Tests.Settings;

public sealed class AddSettingsTests
{
    [Fact]
    public void The_validated_instance_is_registered_as_a_singleton_and_returned()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("CityMesh:Example:Count", (string?)"5")]).Build();
        var services = new ServiceCollection();

        var added = services.AddSettings<ExampleSettings>(configuration);

        using var provider = services.BuildServiceProvider();
        Assert.Same(added, provider.GetRequiredService<ExampleSettings>());
        Assert.Equal(5, added.Count);
    }

    [Fact]
    public void A_bad_setting_stops_composition_and_registers_nothing()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("CityMesh:Example:Delay", (string?)"00:00:00")]).Build();
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddSettings<ExampleSettings>(configuration));

        Assert.Equal("CityMesh:Example:Delay must be positive, was 00:00:00", error.Message);
        Assert.Empty(services);
    }
}
