using CityMesh.Kubernetes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityMesh.Operator.Controller;

/// <summary>The operator as a hosted service: stopping the host cancels it, which stops the workers and releases the Lease.</summary>
public sealed class OperatorService(IKubeApi api, KubeConnection connection, IOptions<OperatorOptions> options, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new OperatorHost(api, options.Value, time, loggers, connection.DefaultNamespace).RunAsync(stoppingToken);
}
