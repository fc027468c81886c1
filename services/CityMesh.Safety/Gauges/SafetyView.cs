using System.Threading.Channels;

namespace CityMesh.Safety.Gauges;

/// <summary>The latest <see cref="SafetySnapshot"/>, and a channel of new ones for the alert monitor (only the newest waits).</summary>
public sealed class SafetyView
{
    private readonly Channel<SafetySnapshot> _changes = Channel.CreateBounded<SafetySnapshot>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
    });

    public SafetySnapshot Current { get; private set; } = SafetySnapshot.Empty;

    /// <summary>Whether the twin has been read at least once.</summary>
    public bool Ready { get; private set; }

    public ChannelReader<SafetySnapshot> Changes => _changes.Reader;

    public void Publish(SafetySnapshot snapshot)
    {
        Current = snapshot;
        Ready = true;
        _changes.Writer.TryWrite(snapshot);
    }
}
