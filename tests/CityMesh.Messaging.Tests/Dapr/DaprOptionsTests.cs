using CityMesh.Messaging.Dapr;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>The Dapr settings are read the one way every module's are: the section first, the sidecar's variables for the rest.</summary>
public sealed class DaprOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void The_section_wins_over_the_sidecar_variables_and_defaults_fill_the_rest()
    {
        var options = DaprOptions.FromConfiguration(Config(
            ("CityMesh:Messaging:Dapr:HttpEndpoint", "http://dapr-a:3510"), ("DAPR_HTTP_PORT", "3601"),
            ("CityMesh:Messaging:Dapr:ApiToken", "from-settings"), ("DAPR_API_TOKEN", "from-env"),
            ("CityMesh:Messaging:Dapr:HealthTimeout", "00:00:05"), ("DAPR_HEALTH_TIMEOUT", "30"),
            ("CityMesh:Messaging:Dapr:SubscriptionMetadata:rawPayload", "false")));

        Assert.Equal(new Uri("http://dapr-a:3510"), options.SidecarEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:50001"), options.SidecarGrpcEndpoint);
        Assert.Equal("from-settings", options.ApiToken);
        Assert.Null(options.AppApiToken);
        Assert.Equal(TimeSpan.FromSeconds(5), options.HealthWait);
        Assert.Equal("false", options.SubscriptionMetadata["rawPayload"]);
        Assert.Equal(("citymesh-pubsub", 4, 500), (options.PubSubName, options.MaxDeliveryAttempts, options.BulkPublishMaxEntries));
    }

    [Theory]
    [InlineData("CityMesh:Messaging:Dapr:PubSubNmae", "x", "CityMesh:Messaging:Dapr:PubSubNmae")] // misspelt: refused, not ignored
    [InlineData("CityMesh:Messaging:Dapr:MaxDeliveryAttempts", "0", "CityMesh:Messaging:Dapr:MaxDeliveryAttempts")]
    [InlineData("CityMesh:Messaging:Dapr:GrpcEndpoint", "ftp://dapr:50001", "CityMesh:Messaging:Dapr:GrpcEndpoint")]
    [InlineData("CityMesh:Messaging:Dapr:RoutePrefix", "events", "CityMesh:Messaging:Dapr:RoutePrefix")]
    [InlineData("CityMesh:Messaging:Dapr:BulkPublishMaxBytes", "100", "CityMesh:Messaging:Dapr:BulkPublishMaxBytes")]
    [InlineData("DAPR_GRPC_ENDPOINT", "not a url", "DAPR_GRPC_ENDPOINT")]
    [InlineData("DAPR_HEALTH_TIMEOUT", "soon", "DAPR_HEALTH_TIMEOUT")]
    public void A_bad_setting_or_variable_stops_start_up_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DaprOptions.FromConfiguration(Config((key, value))));
        Assert.Contains(named, error.Message);
    }
}
