using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

public sealed class MemoryAuditLogTests : AuditLogContract
{
    protected override Task<IAuditLog> CreateLogAsync(TimeProvider? clock = null) => Task.FromResult<IAuditLog>(new MemoryAuditLog(AuditTestKeys.Ring, clock));

    protected override Task<IAuditCheckpointStore> CreateCheckpointStoreAsync() => Task.FromResult<IAuditCheckpointStore>(new MemoryAuditCheckpointStore());
}
