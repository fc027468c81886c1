namespace CityMesh.Messaging;

/// <summary>
/// Thrown by a handler for input that can never be handled (undecodable, unknown entity, wrong unit): a transport
/// dead-letters the event at once with this message as the reason instead of retrying it. Any other exception
/// counts as transient and is retried first.
/// </summary>
public sealed class PoisonEventException : Exception
{
    public PoisonEventException(string reason) : base(reason) { }

    public PoisonEventException(string reason, Exception inner) : base(reason, inner) { }
}
