namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>The subscription contract on the memory store.</summary>
public sealed class MemorySubscriptionTests : SubscriptionContract
{
    protected override Task<string?> StoreAsync() => Task.FromResult<string?>(null);
}
