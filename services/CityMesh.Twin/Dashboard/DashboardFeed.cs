using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Twin.Dashboard;

/// <summary>
/// Fans <c>twin.changed</c> out to the dashboards watching. Each viewer has a bounded queue; the bus handler only
/// ever tries to enqueue, so a slow browser can never slow the twin down. A viewer whose queue overflows loses its
/// queued changes and is sent a fresh snapshot instead, which is both smaller and correct.
/// </summary>
public sealed class DashboardFeed : IEventHandler, IHostedService
{
    public const int DefaultViewerCapacity = 4096;

    /// <summary>One subscriber name per host: every twin replica serving dashboards must see every change.</summary>
    public static readonly string Subscriber = $"dashboard-{Environment.MachineName}";

    private readonly Lock _lock = new();
    private DashboardViewer[] _viewers = [];

    public int ViewerCapacity { get; init; } = DefaultViewerCapacity;

    public int ViewerCount => Volatile.Read(ref _viewers).Length;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Ends every viewer's stream as the host stops, so open dashboards reconnect elsewhere.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var viewer in Volatile.Read(ref _viewers)) viewer.Complete();
        return Task.CompletedTask;
    }

    /// <summary>A new viewer; changes published from now on reach it. Dispose it when the connection ends.</summary>
    public DashboardViewer Join()
    {
        var viewer = new DashboardViewer(this, ViewerCapacity);
        lock (_lock) _viewers = [.. _viewers, viewer];
        return viewer;
    }

    internal void Leave(DashboardViewer viewer)
    {
        lock (_lock) _viewers = [.. _viewers.Where(v => v != viewer)];
    }

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (cloudEvent.Type != TwinChangeBatch.EventType) return Task.CompletedTask; // v1 from a twin pod not yet upgraded
        if (cloudEvent.Data.ValueKind != JsonValueKind.Object || !cloudEvent.Data.TryGetProperty("changes", out var changes)
            || changes.ValueKind != JsonValueKind.Array)
            throw new PoisonEventException($"twin.changed event {cloudEvent.Id}: changes is not an array of changes");
        var viewers = Volatile.Read(ref _viewers);
        if (viewers.Length == 0) return Task.CompletedTask;
        foreach (var change in changes.EnumerateArray())
            foreach (var viewer in viewers) viewer.Offer(change);
        return Task.CompletedTask;
    }
}

/// <summary>One dashboard connection's queue of twin changes (each the JSON of a <see cref="TwinChange"/>).</summary>
public sealed class DashboardViewer : IDisposable
{
    private readonly DashboardFeed _feed;
    private readonly Channel<JsonElement> _changes;
    private int _behind;

    internal DashboardViewer(DashboardFeed feed, int capacity)
    {
        _feed = feed;
        _changes = Channel.CreateBounded<JsonElement>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ChannelReader<JsonElement> Changes => _changes.Reader;

    /// <summary>Times this viewer fell behind and was resynchronised.</summary>
    public int Resyncs { get; private set; }

    internal void Offer(JsonElement change)
    {
        if (_changes.Writer.TryWrite(change)) return;
        Volatile.Write(ref _behind, 1);
    }

    /// <summary>
    /// True once if the viewer fell behind since the last call. Its queue is then emptied: the caller sends a
    /// snapshot taken after this call, which holds every dropped change, and the changes queued after it follow.
    /// </summary>
    public bool TakeResync()
    {
        if (Interlocked.Exchange(ref _behind, 0) == 0) return false;
        while (_changes.Reader.TryRead(out _)) { }
        Resyncs++;
        return true;
    }

    internal void Complete() => _changes.Writer.TryComplete();

    public void Dispose()
    {
        _feed.Leave(this);
        Complete();
    }
}
