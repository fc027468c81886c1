using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CityMesh.Kubernetes;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, following client-go's tryAcquireOrRenew (PROTOCOLS.md §2.4).
/// Expiry is judged only by when this process saw the lease record change, on its own clock: the times written
/// inside the lease come from other machines' clocks and are never trusted.
/// </summary>
public sealed class LeaderElector
{
    private readonly IKubeApi _api;
    private readonly string _ns, _leaseName, _identity;
    private readonly LeaderElectionTiming _timing;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private JsonObject? _observed;     // the lease as last read or written, for its resourceVersion
    private string? _observedSpec;     // its spec, to notice changes
    private DateTimeOffset _observedAt; // when that spec was first seen, on our clock
    private volatile bool _isLeader;

    public LeaderElector(IKubeApi api, string ns, string leaseName, string identity, LeaderElectionTiming timing, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        (_api, _ns, _leaseName, _identity, _timing, _time, _logger) = (api, ns, leaseName, identity, timing.Validated(), time, logger);
    }

    /// <summary>On cancellation, write an empty holder with a 1 s lease so another replica takes over at once.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    public bool IsLeader => _isLeader;

    /// <summary>
    /// Acquire, lead and renew until <paramref name="ct"/> is cancelled. <paramref name="onStartedLeading"/> gets a
    /// token cancelled when leadership is lost (then this tries to acquire again) or when <paramref name="ct"/> is.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (!await AcquireAsync(ct)) break;
            _isLeader = true;
            _logger.LogInformation("{Identity} acquired lease {Namespace}/{Lease}", _identity, _ns, _leaseName);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
            await RenewUntilLostAsync(ct);
            _isLeader = false;
            await leading.CancelAsync();
            try { await work; }
            catch (OperationCanceledException) { }
            catch (Exception e) { _logger.LogError(e, "The leader's work failed"); }
            if (ct.IsCancellationRequested)
            {
                if (ReleaseOnCancel) await ReleaseAsync();
                break;
            }
            _logger.LogWarning("{Identity} lost lease {Namespace}/{Lease}", _identity, _ns, _leaseName);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken ct)
    {
        try
        {
            while (!await TryAcquireOrRenewAsync(ct))
            {
                var jittered = _timing.RetryPeriod + _timing.RetryPeriod * (LeaderElectionTiming.JitterFactor * Random.Shared.NextDouble());
                await Task.Delay(jittered, _time, ct);
            }
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Renew every RetryPeriod; returns when a renewal could not succeed within RenewDeadline, or on cancel.</summary>
    private async Task RenewUntilLostAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_timing.RetryPeriod, _time, ct);
                var deadline = _time.GetUtcNow() + _timing.RenewDeadline;
                while (!await TryAcquireOrRenewAsync(ct))
                {
                    if (_time.GetUtcNow() + _timing.RetryPeriod > deadline) return;
                    await Task.Delay(_timing.RetryPeriod, _time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        try
        {
            return await TryOnceAsync(ct);
        }
        catch (KubeConflictException)
        {
            return false; // another replica wrote first: we lost the race
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Lease {Namespace}/{Lease}: {Message}", _ns, _leaseName, e.Message);
            return false;
        }
    }

    private async Task<bool> TryOnceAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();

        // Fast path: still valid by our own observation, so just move renewTime.
        if (_observed is not null && Holder(_observed) == _identity && _observedAt + _timing.LeaseDuration > now)
        {
            try
            {
                var renewed = _observed.DeepClone().AsObject();
                SetSpec(renewed, now, keepAcquire: true);
                Observe(await _api.ReplaceAsync(KubeResource.Leases, _ns, _leaseName, renewed, ct), now);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogDebug("Fast renew of {Lease} failed ({Message}); reading it", _leaseName, e.Message);
            }
        }

        var lease = await _api.GetAsync(KubeResource.Leases, _ns, _leaseName, ct);
        if (lease is null)
        {
            var fresh = new JsonObject
            {
                ["apiVersion"] = KubeResource.Leases.ApiVersion,
                ["kind"] = KubeResource.Leases.Kind,
                ["metadata"] = new JsonObject { ["name"] = _leaseName, ["namespace"] = _ns },
            };
            SetSpec(fresh, now, keepAcquire: false);
            fresh["spec"]!["leaseTransitions"] = 0;
            Observe(await _api.CreateAsync(KubeResource.Leases, _ns, fresh, ct), now);
            return true;
        }

        var spec = lease["spec"]?.ToJsonString() ?? "";
        if (spec != _observedSpec)
        {
            _observedSpec = spec;
            _observedAt = now;
        }
        _observed = lease;

        var holder = Holder(lease);
        var seconds = lease["spec"]?["leaseDurationSeconds"]?.GetValue<int>() ?? 0;
        if (!string.IsNullOrEmpty(holder) && holder != _identity && _observedAt + TimeSpan.FromSeconds(seconds) > now)
            return false; // someone else holds a lease that is still valid as far as we have seen

        var taken = lease.DeepClone().AsObject();
        var weHeld = holder == _identity;
        SetSpec(taken, now, keepAcquire: weHeld);
        if (!weHeld) taken["spec"]!["leaseTransitions"] = (lease["spec"]?["leaseTransitions"]?.GetValue<int>() ?? 0) + 1;
        Observe(await _api.ReplaceAsync(KubeResource.Leases, _ns, _leaseName, taken, ct), now);
        return true;
    }

    private async Task ReleaseAsync()
    {
        if (_observed is null || Holder(_observed) != _identity) return;
        using var timeout = new CancellationTokenSource(_timing.RenewDeadline);
        try
        {
            var released = _observed.DeepClone().AsObject();
            var spec = (JsonObject)(released["spec"] ??= new JsonObject());
            var now = MicroTime.Format(_time.GetUtcNow());
            spec["holderIdentity"] = "";
            spec["leaseDurationSeconds"] = 1;
            spec["acquireTime"] = now;
            spec["renewTime"] = now;
            await _api.ReplaceAsync(KubeResource.Leases, _ns, _leaseName, released, timeout.Token);
            _logger.LogInformation("{Identity} released lease {Namespace}/{Lease}", _identity, _ns, _leaseName);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Could not release lease {Lease}: {Message}", _leaseName, e.Message);
        }
        _observed = null;
    }

    private void SetSpec(JsonObject lease, DateTimeOffset now, bool keepAcquire)
    {
        var spec = (JsonObject)(lease["spec"] ??= new JsonObject());
        spec["holderIdentity"] = _identity;
        spec["leaseDurationSeconds"] = (int)_timing.LeaseDuration.TotalSeconds;
        spec["renewTime"] = MicroTime.Format(now);
        if (!keepAcquire || spec["acquireTime"] is null) spec["acquireTime"] = MicroTime.Format(now);
    }

    private void Observe(JsonObject lease, DateTimeOffset now)
    {
        _observed = lease;
        _observedSpec = lease["spec"]?.ToJsonString() ?? "";
        _observedAt = now;
    }

    private static string? Holder(JsonObject lease) => lease["spec"]?["holderIdentity"]?.GetValue<string>();
}
