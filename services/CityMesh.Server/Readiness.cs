using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Server;

/// <summary>
/// <c>/readyz</c>: every check tagged <c>ready</c> (stores, audit log, bus, city seeding), run live, answering 200 or
/// 503 with a JSON body naming each check, its status and why. One run's report serves every request for
/// <see cref="MaxAge"/>, and requests arriving during a run share it, so probes and callers together cost the
/// database at most one round trip per check every couple of seconds. Descriptions are the checks' own words, which
/// name hosts but never a connection string or key; exceptions are left out.
/// </summary>
public sealed class Readiness(HealthCheckService health, TimeProvider clock)
{
    public const string Tag = "ready";

    /// <summary>How long a report stands: short against the kubelet's 5 s probe period, so an outage shows at once.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private Task<HealthReport>? _running;
    private HealthReport? _latest;
    private DateTimeOffset _latestAt;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/readyz", async (Readiness readiness) => Answer(await readiness.ReportAsync())).ExcludeFromDescription();

    public Task<HealthReport> ReportAsync()
    {
        lock (_gate)
        {
            if (_latest is not null && clock.GetUtcNow() - _latestAt < MaxAge) return Task.FromResult(_latest);
            // Not the request's token: one caller hanging up must not cancel the run the others wait for.
            return _running ??= RunAsync();
        }
    }

    private async Task<HealthReport> RunAsync()
    {
        try
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(Tag), CancellationToken.None);
            lock (_gate)
            {
                _latest = report;
                _latestAt = clock.GetUtcNow();
            }
            return report;
        }
        finally
        {
            lock (_gate) _running = null;
        }
    }

    private static IResult Answer(HealthReport report)
    {
        var body = new ReadinessBody(report.Status.ToString(),
            [.. report.Entries.Select(e => new ReadinessCheck(e.Key, e.Value.Status.ToString(), e.Value.Description ?? ""))]);
        return Results.Json(body, Json, statusCode: report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>The body of <c>/readyz</c>.</summary>
public sealed record ReadinessBody(string Status, IReadOnlyList<ReadinessCheck> Checks);

/// <summary>One readiness check: its name (twin-store, event-bus, ...), Healthy or Unhealthy, and why.</summary>
public sealed record ReadinessCheck(string Name, string Status, string Description);
