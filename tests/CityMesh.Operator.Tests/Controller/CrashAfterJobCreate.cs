namespace CityMesh.Operator.Tests.Controller;

/// <summary>An operator process that dies the moment its first Job POST has succeeded, before it writes anything else.</summary>
internal sealed class CrashAfterJobCreate(CancellationTokenSource process) : DelegatingHandler
{
    public bool Crashed { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // A dead process sends nothing more.
        if (Crashed) throw new OperationCanceledException(process.Token);
        var response = await base.SendAsync(request, ct);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/jobs", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            Crashed = true;
            response.Dispose();
            await process.CancelAsync();
            throw new OperationCanceledException(process.Token);
        }
        return response;
    }
}
