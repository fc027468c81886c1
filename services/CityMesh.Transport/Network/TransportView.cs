namespace CityMesh.Transport.Network;

/// <summary>
/// The transport service's current <see cref="TransportNetwork"/>, swapped whole when the twin changes (see
/// <see cref="TwinFeed"/>). Readers take <see cref="Current"/> once and work on that moment.
/// </summary>
public sealed class TransportView
{
    private TransportNetwork? _current;

    /// <summary>Null until the first read of the twin has finished.</summary>
    public TransportNetwork? Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Current"/> changed, on the thread that changed it.</summary>
    public event Action<TransportNetwork>? Changed;

    internal void Publish(TransportNetwork network)
    {
        Volatile.Write(ref _current, network);
        Changed?.Invoke(network);
    }
}
