using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;

namespace CityMesh.LocalServers;

/// <summary>
/// librdkafka's built-in mock cluster (<c>test.mock.num.brokers</c>): real Kafka wire-protocol brokers on loopback,
/// living inside the librdkafka handle that created them. Ordinary clients connect to <see cref="BootstrapServers"/>.
/// The mock's CreateTopics times out, so topics are made with <see cref="CreateTopic"/> (librdkafka's mock API) or by
/// auto-creation (4 partitions). Its retention is fixed and small (<see cref="RetainedBytesPerPartition"/>,
/// <see cref="RetainedBatchesPerPartition"/>): beyond it the oldest messages are trimmed, read or not, so whatever
/// publishes into it must keep what is still unread per partition below that. It also answers each fetch with one
/// producer batch per partition, found by walking the partition's batches from the oldest. Disposing stops the brokers.
/// </summary>
public sealed class MockKafkaCluster : IDisposable, IAsyncDisposable
{
    /// <summary>Bytes of record batches a mock partition keeps (librdkafka's rdkafka_mock.c: 5 MiB); older ones are trimmed.</summary>
    public const long RetainedBytesPerPartition = 5 * 1024 * 1024;

    /// <summary>Producer batches a mock partition keeps (rdkafka_mock.c: 100,000), whatever their size.</summary>
    public const int RetainedBatchesPerPartition = 100_000;

    private readonly IntPtr _owner;
    private readonly IntPtr _cluster;
    private int _disposed;

    private MockKafkaCluster(IntPtr owner, IntPtr cluster, string bootstrapServers, int brokers)
    {
        _owner = owner;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
    }

    /// <summary>host:port of every broker, as the cluster's metadata reports them, comma separated.</summary>
    public string BootstrapServers { get; }

    public int Brokers { get; }

    /// <exception cref="KafkaNativeLibraryException">librdkafka.redist's library does not load here.</exception>
    /// <exception cref="LocalServerException">The mock brokers did not start or answer.</exception>
    public static MockKafkaCluster Start(int brokers = 3, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        KafkaNative.EnsureLoaded();
        var conf = Native.rd_kafka_conf_new();
        var error = new StringBuilder(512);
        Set(conf, "test.mock.num.brokers", brokers.ToString(CultureInfo.InvariantCulture), error);
        // The cluster announces itself at notice level on stderr; nobody here needs to read that.
        Set(conf, "log_level", "3", error);
        var owner = Native.rd_kafka_new(0 /* producer */, conf, error, (UIntPtr)error.Capacity);
        if (owner == IntPtr.Zero)
        {
            Native.rd_kafka_conf_destroy(conf);
            throw new LocalServerException($"mock Kafka cluster could not be created: {error}");
        }
        try
        {
            var cluster = Native.rd_kafka_handle_mock_cluster(owner);
            if (cluster == IntPtr.Zero) throw new LocalServerException("librdkafka made no mock cluster (test.mock.num.brokers ignored)");
            // The bootstrap list is what the brokers say about themselves, so clients see the cluster as it is.
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Marshal.PtrToStringUTF8(Native.rd_kafka_mock_cluster_bootstraps(cluster)) })
                .SetLogHandler((_, _) => { }).Build();
            var metadata = admin.GetMetadata(timeout ?? TimeSpan.FromSeconds(10));
            if (metadata.Brokers.Count != brokers)
                throw new LocalServerException($"mock Kafka cluster reported {metadata.Brokers.Count} of {brokers} brokers");
            var bootstrap = string.Join(",", metadata.Brokers.OrderBy(b => b.BrokerId).Select(b => $"{b.Host}:{b.Port}"));
            return new MockKafkaCluster(owner, cluster, bootstrap, brokers);
        }
        catch (KafkaException e)
        {
            Native.rd_kafka_destroy(owner);
            throw new LocalServerException($"mock Kafka cluster did not answer: {e.Error.Reason}");
        }
        catch
        {
            Native.rd_kafka_destroy(owner);
            throw;
        }
    }

    private static void Set(IntPtr conf, string name, string value, StringBuilder error)
    {
        if (Native.rd_kafka_conf_set(conf, name, value, error, (UIntPtr)error.Capacity) != 0)
        {
            Native.rd_kafka_conf_destroy(conf);
            throw new LocalServerException($"librdkafka refused {name}={value}: {error}");
        }
    }

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions, replicated to every broker (at most 3).</summary>
    public void CreateTopic(string topic, int partitions)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var code = Native.rd_kafka_mock_topic_create(_cluster, topic, partitions, Math.Min(3, Brokers));
        if (code != 0) throw new LocalServerException($"mock Kafka cluster could not create topic {topic}: error {code}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Native.rd_kafka_destroy(_owner);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The few librdkafka C calls the mock API needs; Confluent.Kafka does not wrap them. They bind to the very library
    /// Confluent.Kafka loaded from librdkafka.redist (<see cref="KafkaNative.Resolve"/>), never to a system one.
    /// </summary>
    private static class Native
    {
        private const string Library = KafkaNative.LibraryName;

        // Runs before the first call below; this assembly has no other native imports.
        static Native() => NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, KafkaNative.Resolve);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_conf_new();

        [DllImport(Library)]
        public static extern void rd_kafka_conf_destroy(IntPtr conf);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);

        [DllImport(Library)]
        public static extern void rd_kafka_destroy(IntPtr rk);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

        [DllImport(Library, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);
    }
}
