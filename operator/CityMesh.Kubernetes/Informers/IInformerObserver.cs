namespace CityMesh.Kubernetes;

/// <summary>What an informer tells whoever watches it from outside: readiness (has it listed?) and metrics (watch restarts).</summary>
public interface IInformerObserver
{
    void ListSucceeded();

    void ListFailed(Exception error);

    /// <summary>A watch request is about to be sent (the first one, or a reopening).</summary>
    void WatchStarting();
}
