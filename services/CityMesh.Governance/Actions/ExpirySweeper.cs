using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions;

/// <summary>Every <see cref="GovernanceOptions.ExpirySweepInterval"/>, marks undecided actions past their expiry as expired.</summary>
public sealed class ExpirySweeper(ActionGovernor governor, GovernanceOptions options, TimeProvider clock, ILogger<ExpirySweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpirySweepInterval, clock);
        do
        {
            try
            {
                if (await governor.ExpireOverdueAsync(stoppingToken) is > 0 and var count) logger.LogInformation("Expired {Count} undecided actions", count);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store may be briefly unreachable; the next sweep tries again.
                logger.LogWarning(e, "Expiry sweep failed");
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
