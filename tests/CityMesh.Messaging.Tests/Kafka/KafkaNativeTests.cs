using CityMesh.LocalServers;
using CityMesh.Messaging.Kafka;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>The clients and the mock cluster run on the one librdkafka that librdkafka.redist brings.</summary>
public sealed class KafkaNativeTests
{
    [Fact]
    public void Clients_and_the_mock_cluster_share_the_bundled_librdkafka()
    {
        using var cluster = MockKafkaCluster.Start(brokers: 1);
        Assert.Equal(Confluent.Kafka.Library.VersionString, KafkaNative.EnsureLoaded());

        // What the process has mapped, not what we asked for: a system librdkafka (Debian's librdkafka1) must not be
        // among them, and our P/Invoke must not have opened a second copy beside Confluent.Kafka's.
        var mapped = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).Contains("librdkafka", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct()
            .ToArray();
        var library = Assert.Single(mapped);
        Assert.Contains($"{Path.DirectorySeparatorChar}runtimes{Path.DirectorySeparatorChar}", library, StringComparison.Ordinal);
        Assert.EndsWith(KafkaNative.LoadedFrom + ".so", library, StringComparison.Ordinal);
    }
}
