using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions;

/// <summary>
/// Every <see cref="GovernanceOptions.ExpirySweepInterval"/>, marks undecided actions past their expiry as expired, and
/// finishes approved actions whose execution was cut off (approved more than <see cref="StalledAfter"/> ago).
/// </summary>
public sealed class ExpirySweeper(ActionGovernor governor, GovernanceOptions options, TimeProvider clock, ILogger<ExpirySweeper> logger)
    : BackgroundService
{
    /// <summary>An execution takes at most a few patches of 10 s with retries; one approved longer ago was cut off.</summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ExpirySweepInterval, clock);
        do
        {
            try
            {
                if (await governor.ExpireOverdueAsync(stoppingToken) is > 0 and var count) logger.LogInformation("Expired {Count} undecided actions", count);
                if (await governor.ResumeStalledAsync(StalledAfter, stoppingToken) is > 0 and var resumed)
                    logger.LogWarning("Finished {Count} approved actions whose execution had been cut off", resumed);
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
