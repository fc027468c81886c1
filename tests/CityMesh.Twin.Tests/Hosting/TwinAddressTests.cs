using CityMesh.Twin;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Twin.Tests.Hosting;

public sealed class TwinAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:80", "http://127.0.0.1/")]
    [InlineData("http://*:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:5000", "http://[::1]:5000/")]
    [InlineData("http://10.1.2.3:8080", "http://10.1.2.3:8080/")]
    public void A_listening_address_becomes_one_to_call(string listening, string expected) =>
        Assert.Equal(new Uri(expected), TwinAddress.Local(listening));

    [Fact]
    public void The_setting_wins_and_the_server_address_stands_in_when_unset()
    {
        var server = new ListeningServer("http://0.0.0.0:9000");
        Assert.Equal(new Uri("http://twin:8080/"), new TwinAddress(Settings("http://twin:8080/"), server).Resolve());
        Assert.Equal(new Uri("http://127.0.0.1:9000/"), new TwinAddress(Settings(null), server).Resolve());
    }

    [Theory]
    [InlineData("twin:8080")]
    [InlineData("ftp://twin")]
    public void A_setting_that_is_not_an_http_url_is_refused_naming_the_key(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new TwinAddress(Settings(value), new ListeningServer()).Resolve());
        Assert.StartsWith($"CityMesh:TwinUrl is '{value}'", e.Message);
    }

    [Fact]
    public void Unset_and_not_listening_says_what_to_set()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new TwinAddress(Settings(null), new ListeningServer()).Resolve());
        Assert.Contains("set CityMesh:TwinUrl", e.Message);
    }

    private static IConfiguration Settings(string? url) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [TwinAddress.Key] = url }).Build();

    /// <summary>A server that only reports where it listens (what Kestrel's address feature says).</summary>
    private sealed class ListeningServer : IServer
    {
        public ListeningServer(params string[] addresses)
        {
            var feature = new ServerAddressesFeature();
            foreach (var a in addresses) feature.Addresses.Add(a);
            Features.Set<IServerAddressesFeature>(feature);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }
}
