using CityMesh.Messaging.Kafka;
using CityMesh.Messaging.Tests.Contract;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>The shared bus contract on the Kafka transport, against librdkafka's mock cluster.</summary>
public sealed class KafkaEventBusContractTests(MockKafkaClusterFixture kafka) : EventBusContract, IClassFixture<MockKafkaClusterFixture>
{
    protected override Task<IEventBus> CreateBusAsync(string scope) =>
        Task.FromResult<IEventBus>(new KafkaEventBus(kafka.Options(partitions: 4)));

}
