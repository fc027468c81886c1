using CityMesh.Limits.Settings;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Messaging.Tests.Kafka;

public sealed class KafkaOptionsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    [Fact]
    public void The_charts_settings_bind_librdkafka_properties_included()
    {
        // As the Helm chart sets them (CityMesh__Messaging__Kafka__Librdkafka__security.protocol and so on).
        var options = Configuration(new()
        {
            ["CityMesh:Messaging:Kafka:BootstrapServers"] = "kafka-0:9092,kafka-1:9092",
            ["CityMesh:Messaging:Kafka:ClientId"] = "citymesh-twin",
            ["CityMesh:Messaging:Kafka:AutoOffsetReset"] = "Latest",
            ["CityMesh:Messaging:Kafka:Librdkafka:security.protocol"] = "SASL_SSL",
            ["CityMesh:Messaging:Kafka:Librdkafka:sasl.mechanism"] = "SCRAM-SHA-512",
        }).ReadSettings<KafkaOptions>();

        Assert.Equal("kafka-0:9092,kafka-1:9092", options.BootstrapServers);
        Assert.Equal(AutoOffsetReset.Latest, options.AutoOffsetReset);
        Assert.Equal("SASL_SSL", options.Librdkafka["security.protocol"]);
        Assert.Equal("SCRAM-SHA-512", options.Librdkafka["sasl.mechanism"]);
        Assert.Equal(12, options.Partitions);
    }

    [Theory]
    [InlineData("Partitions", "0", "CityMesh:Messaging:Kafka:Partitions is 0; it must be at least 1.")]
    [InlineData("ReplicationFactor", "0", "CityMesh:Messaging:Kafka:ReplicationFactor is 0; it must be -1 (the brokers' default) or at least 1.")]
    [InlineData("MaxAttempts", "0", "CityMesh:Messaging:Kafka:MaxAttempts is 0; it must be at least 1.")]
    [InlineData("RetryBackoff", "-00:00:01", "CityMesh:Messaging:Kafka:RetryBackoff is -00:00:01; it must be 0 or more.")]
    [InlineData("Compression", "Brotli", "CityMesh:Messaging:Kafka:Compression is 'Brotli', which is not one of None, Gzip, Snappy, Lz4, Zstd.")]
    [InlineData("EventFormat", "Protbuf", "CityMesh:Messaging:Kafka:EventFormat is 'Protbuf', which is not one of Protobuf, Binary, Json.")]
    public void A_setting_the_bus_cannot_work_with_is_refused_naming_its_key(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Configuration(new() { [$"{KafkaOptions.SectionName}:{key}"] = value }).ReadSettings<KafkaOptions>());

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Events_are_written_in_the_protobuf_format_unless_set_and_the_retired_key_is_refused_by_name()
    {
        Assert.Equal(KafkaEventFormat.Protobuf, Configuration([]).ReadSettings<KafkaOptions>().EventFormat);
        Assert.Equal(KafkaEventFormat.Binary,
            Configuration(new() { [$"{KafkaOptions.SectionName}:EventFormat"] = "Binary" }).ReadSettings<KafkaOptions>().EventFormat);
        // JsonContentMode was replaced by EventFormat: a deployment still setting it hears so at start.
        var error = Assert.Throws<InvalidOperationException>(() =>
            Configuration(new() { [$"{KafkaOptions.SectionName}:JsonContentMode"] = "Structured" }).ReadSettings<KafkaOptions>());
        Assert.Contains("CityMesh:Messaging:Kafka:JsonContentMode", error.Message);
    }
}
