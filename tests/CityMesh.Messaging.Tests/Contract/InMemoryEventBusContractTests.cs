namespace CityMesh.Messaging.Tests.Contract;

public sealed class InMemoryEventBusContractTests : EventBusContract
{
    protected override Task<IEventBus> CreateBusAsync(string scope) =>
        Task.FromResult<IEventBus>(new InMemoryEventBus(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(2) }));

    protected override TimeSpan DeliveryTimeout => TimeSpan.FromSeconds(10);

    protected override TimeSpan QuietPeriod => TimeSpan.FromMilliseconds(100);
}
