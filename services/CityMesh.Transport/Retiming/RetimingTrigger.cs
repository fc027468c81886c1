using System.Diagnostics;
using CityMesh.Transport.Instrumentation;
using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Contracts.Transport;
using CityMesh.Contracts.Twin;
using CityMesh.Transport.Congestion;
using CityMesh.Transport.Network;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Asks for a retiming when an intersection with a signal becomes congested (unless automatic proposals are off, one
/// is waiting for a decision, or the signal is resting after one), one at a time. <see cref="RetimingDecisions"/> frees
/// signals as governance decides.
/// </summary>
public sealed class RetimingTrigger : BackgroundService
{
    private readonly Channel<(CongestionEvent Change, ActivityContext Trace)> _congested = Channel.CreateBounded<(CongestionEvent, ActivityContext)>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly RetimingService _retiming;
    private readonly TransportView _view;
    private readonly ILogger<RetimingTrigger> _log;

    public RetimingTrigger(CongestionMonitor monitor, RetimingService retiming, TransportView view, TransportOptions options, ILogger<RetimingTrigger> log)
    {
        (_retiming, _view, _log) = (retiming, view, log);
        // Dropping the oldest is safe: a congestion that lasts is still there on the next detection.
        if (options.Retiming.Automatic)
            monitor.Changed += (change, _, _) =>
            {
                if (change is { Kind: CongestionEvent.Intersection, Congested: true }) _congested.Writer.TryWrite((change, TransportTelemetry.Current));
                return Task.CompletedTask;
            };
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await foreach (var (change, trace) in _congested.Reader.ReadAllAsync(ct))
        {
            using var span = TransportTelemetry.Source.StartActivity("retiming", ActivityKind.Internal, trace)?.SetTag("citymesh.entity.id", change.Entity);
            if (_view.Current is not { } network || network.LocalId(change.Entity, EntityTypes.Intersection) is not { } junction) continue;
            if (!network.SignalByJunction.TryGetValue(junction, out var signal) || !_retiming.MayProposeFor(signal)) continue;
            try
            {
                var outcome = await _retiming.ProposeAsync([change.Entity], JsonSerializer.SerializeToElement(change, JsonSerializerOptions.Web), ct);
                _log.LogInformation("Retiming for congested {Intersection}: {Reason}", change.Entity, outcome.Proposal?.Summary ?? outcome.Reason);
            }
            catch (Exception e) when (e is RetimingRequestException or RetimingException)
            {
                _log.LogWarning("No retiming for congested {Intersection}: {Reason}", change.Entity, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One congestion's failed evaluation must not stop the host (a background service that throws does):
                // the next congestion at that signal tries again.
                _log.LogError(e, "Retiming for congested {Intersection} failed", change.Entity);
            }
        }
    }
}
