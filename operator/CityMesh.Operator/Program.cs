using CityMesh.Kubernetes;
using CityMesh.Operator;
using CityMesh.Operator.Controller;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

if (args.Any(a => a is "--help" or "-h" or "-?"))
{
    Console.WriteLine(Usage.Text);
    return 0;
}

// configure
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; o.UseUtcTimestamp = true; });
builder.Services.Configure<OperatorOptions>(builder.Configuration.GetSection(OperatorOptions.Section));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => KubeConnection.FromEnvironment());
builder.Services.AddSingleton<IKubeApi>(sp => new KubeClient(sp.GetRequiredService<KubeConnection>()));
builder.Services.AddHostedService<OperatorService>();

// run until SIGTERM: the hosted service stops its workers and releases the Lease
await builder.Build().RunAsync();
return 0;
