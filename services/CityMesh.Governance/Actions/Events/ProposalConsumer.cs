using CityMesh.Messaging;
using CityMesh.Messaging.Idempotency;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Governance.Actions.Events;

/// <summary>
/// Takes every <c>actions.proposed</c> event under governance (subscriber <c>governance</c>). Redeliveries are
/// cheap no-ops: recent event ids are skipped, and the store ignores a proposal id it already has.
/// </summary>
public sealed class ProposalConsumer(IEventBus bus, ActionGovernor governor) : IHostedService
{
    public const string Subscriber = "governance";

    private readonly RecentEventIds _handled = new(10_000);
    private IAsyncDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe(Topics.ActionsProposed, Subscriber, HandleAsync);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
    }

    private async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (_handled.Contains(cloudEvent.Id)) return;
        var proposal = ProposalReader.Read(cloudEvent);
        await governor.ProposeAsync(proposal, ProposalOrigin.Of(cloudEvent, proposal), ct);
        // Remembered only once handled, so a failure part-way is retried in full.
        _handled.TryAdd(cloudEvent.Id);
    }
}
