using CityMesh.Access;
using CityMesh.Messaging;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Tenancy;
using Microsoft.Extensions.Options;

namespace CityMesh.Twin.Tests.Tenancy;

/// <summary>Tenants are declared: a bad declaration stops the twin at start, naming the setting.</summary>
public sealed class TwinTenantsTests
{
    private static TwinTenants Tenants(IReadOnlyList<string> tenants, params ApiKeyOptions[] keys) =>
        new(new TwinService(new MemoryTwinStore(), new InMemoryEventBus()), new TwinOptions { Tenants = tenants },
            Options.Create(new AccessOptions { ApiKeys = keys }));

    private static ApiKeyOptions Key(string name, string? tenant) =>
        new() { Name = name, Role = Roles.Operator, Key = $"{name}-0123456789abcdef", Tenant = tenant };

    [Fact]
    public async Task Each_declared_tenant_has_a_twin_of_its_own()
    {
        await using var tenants = Tenants(["water-utility", "north-district"], Key("w", "water-utility"), Key("city", null));
        Assert.Equal(["north-district", "water-utility"], tenants.Names.Order(StringComparer.Ordinal));
        var water = tenants.All.Single(t => t.Key == "water-utility").Value;
        Assert.NotSame(tenants.City.Store, water.Store);
        Assert.NotSame(water.Store, tenants.All.Single(t => t.Key == "north-district").Value.Store);
    }

    [Fact]
    public void A_key_of_an_undeclared_tenant_stops_the_twin_naming_both_settings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Tenants(["water-utility"], Key("w", "water-utility"), Key("s", "south-district")));
        Assert.Equal("CityMesh:Access:ApiKeys:1:Tenant is 'south-district', which CityMesh:Twin:Tenants does not declare (water-utility)", error.Message);
    }

    [Theory]
    [InlineData("Water", "CityMesh:Twin:Tenants:1: a tenant name is lowercase letters, digits and hyphens, starting with a letter (such as 'water-utility')")]
    [InlineData("water-utility", "CityMesh:Twin:Tenants:1: 'water-utility' is declared twice")]
    [InlineData("", "CityMesh:Twin:Tenants:1: a tenant name is empty")]
    public void A_bad_declaration_names_its_setting(string second, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Tenants(["water-utility", second]));
        Assert.Equal(expected, error.Message);
    }
}
