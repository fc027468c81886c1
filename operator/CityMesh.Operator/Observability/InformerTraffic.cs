using CityMesh.Kubernetes;

namespace CityMesh.Operator.Observability;

/// <summary>
/// One informer watched from outside (it logs its failures but exposes none): whether its list has succeeded yet and
/// why the last one failed (readiness), and how often it reopened its watch (metrics).
/// </summary>
public sealed class InformerTraffic(string plural, Counter watchRestarts) : IInformerObserver
{
    private volatile string? _lastListError;
    private volatile bool _listed;
    private int _watches;

    /// <summary>The resource the informer keeps, e.g. "jobs".</summary>
    public string Plural => plural;

    /// <summary>A list has succeeded (the informer's cache is filled, or about to be).</summary>
    public bool Listed => _listed;

    /// <summary>Why the most recent list failed; null after a success.</summary>
    public string? LastListError => _lastListError;

    public void ListSucceeded() => (_listed, _lastListError) = (true, null);

    public void ListFailed(Exception error) => _lastListError = Kube.ApiErrors.Describe(error);

    public void WatchStarting()
    {
        if (Interlocked.Increment(ref _watches) > 1) watchRestarts.Increment();
    }
}
