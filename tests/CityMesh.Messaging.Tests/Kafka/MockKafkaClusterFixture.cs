using CityMesh.LocalServers;
using CityMesh.Messaging.Kafka;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>One mock Kafka cluster (3 brokers on loopback) per test class.</summary>
public sealed class MockKafkaClusterFixture : IDisposable
{
    private readonly MockKafkaCluster _cluster = MockKafkaCluster.Start(brokers: 3);

    public string BootstrapServers => _cluster.BootstrapServers;

    public MockKafkaCluster Cluster => _cluster;

    public KafkaOptions Options(int partitions = 4) => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = "citymesh-tests",
        Partitions = partitions,
        CreateTopics = false, // the mock cluster has no controller for CreateTopics; it auto-creates with 4 partitions
        RetryBackoff = TimeSpan.FromMilliseconds(5),
        LingerMs = 2,
    };

    public void Dispose() => _cluster.Dispose();
}
