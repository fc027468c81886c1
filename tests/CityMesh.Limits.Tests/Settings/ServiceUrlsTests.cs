using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Limits.Tests.Settings;

public sealed class ServiceUrlsTests
{
    private static IConfiguration With(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["CityMesh:TwinGrpcUrl"] = value }).Build();

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("http://twin:8081", "http://twin:8081/")]
    [InlineData("https://twin.city.example/", "https://twin.city.example/")]
    public void An_http_url_or_nothing_is_read(string? value, string? expected) =>
        Assert.Equal(expected is null ? null : new Uri(expected), With(value).ReadServiceUrl("CityMesh:TwinGrpcUrl", "http://twin:8081"));

    [Theory]
    [InlineData("twin:8081")] // a host and port without a scheme parses as a URI of scheme "twin"
    [InlineData("grpc://twin:8081")]
    [InlineData("/twin")]
    public void Anything_else_is_refused_naming_the_key_and_an_example(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => With(value).ReadServiceUrl("CityMesh:TwinGrpcUrl", "http://twin:8081"));
        Assert.Equal($"CityMesh:TwinGrpcUrl is '{value}'; it must be an http or https URL such as http://twin:8081.", e.Message);
    }
}
