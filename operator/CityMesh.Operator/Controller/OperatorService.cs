using Microsoft.Extensions.Hosting;

namespace CityMesh.Operator.Controller;

/// <summary>The operator as a hosted service: stopping the host cancels it, which stops the workers and releases the Lease.</summary>
public sealed class OperatorService(OperatorHost host) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => host.RunAsync(stoppingToken);
}
