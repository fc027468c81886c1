namespace CityMesh.Operator.Tests.Observability;

/// <summary>Requests that hang until released when they GET one TwinScenario: a reconcile stuck on a dead connection.</summary>
internal sealed class StallingHandler : DelegatingHandler
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // An item GET (…/twinscenarios/{name}), not the informer's list or watch of the collection.
        if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/twinscenarios/", StringComparison.Ordinal))
            await _release.Task.WaitAsync(ct);
        return await base.SendAsync(request, ct);
    }
}
