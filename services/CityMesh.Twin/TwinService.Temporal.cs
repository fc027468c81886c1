using CityMesh.Contracts.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin;

/// <summary>The temporal API's edits of history, announced like every other write when they change the entity.</summary>
public sealed partial class TwinService
{
    /// <summary>Corrects one instant of a property's history; announced with the property's current value.</summary>
    public async Task<HistoryEdit> ReplaceInstanceAsync(string id, string attribute, DateTimeOffset observedAt, TwinValue value, string? unitCode,
        CancellationToken ct = default)
    {
        var outcome = await store.ReplaceInstanceAsync(id, attribute, observedAt, value, unitCode, ct);
        if (outcome == HistoryEdit.Done) await AnnounceCurrentAsync(id, attribute, ct);
        return outcome;
    }

    /// <summary>Removes one instant of a property's history; announced with the property's current value, if any remains.</summary>
    public async Task<HistoryEdit> DeleteInstanceAsync(string id, string attribute, DateTimeOffset observedAt, CancellationToken ct = default)
    {
        var outcome = await store.DeleteInstanceAsync(id, attribute, observedAt, ct);
        if (outcome == HistoryEdit.Done) await AnnounceCurrentAsync(id, attribute, ct);
        return outcome;
    }

    private async Task AnnounceCurrentAsync(string id, string attribute, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } entity) return;
        var values = new Dictionary<string, object?>();
        if (entity.Properties.TryGetValue(attribute, out var property)) values[attribute] = property.Value.ToClrValue();
        await PublishAsync(id, entity.Type, TwinChangeKind.Updated, values, ct);
    }
}
