using CityMesh.Messaging;
using CityMesh.Messaging.Idempotency;
using CityMesh.Messaging.Subscriptions;

namespace CityMesh.Governance.Actions.Events;

/// <summary>
/// Takes every <c>actions.proposed</c> event under governance (subscriber <c>governance</c>, declared in
/// <c>GovernanceModule</c>). Redeliveries are cheap no-ops: recent event ids are skipped, and the store ignores a
/// proposal id it already has.
/// </summary>
public sealed class ProposalConsumer(ActionGovernor governor) : IEventHandler
{
    public const string Subscriber = "governance";

    private readonly RecentEventIds _handled = new(10_000);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (_handled.Contains(cloudEvent.Id)) return;
        var proposal = ProposalReader.Read(cloudEvent);
        await governor.ProposeAsync(proposal, ProposalOrigin.Of(cloudEvent, proposal), ct);
        // Remembered only once handled, so a failure part-way is retried in full.
        _handled.TryAdd(cloudEvent.Id);
    }
}
