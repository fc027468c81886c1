using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Tests.Storage;

namespace CityMesh.Twin.Tests.Memory;

/// <summary>The embedded store against the whole store contract.</summary>
public sealed class MemoryTwinStoreTests : TwinStoreContract
{
    protected override Task<ITwinStore> CreateStoreAsync(int historyDepth) => Task.FromResult<ITwinStore>(new MemoryTwinStore(historyDepth));
}
