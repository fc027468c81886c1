using Microsoft.Extensions.Hosting;

namespace CityMesh.Twin.Client;

/// <summary>
/// Waiting for this server to listen: a twin embedded in the same process answers on this server's own ports, known
/// only once it has started (a port asked for as 0 is chosen then). A reader that resolved the address earlier would
/// keep calling a port nobody listens on.
/// </summary>
public static class HostStart
{
    public static Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }
}
