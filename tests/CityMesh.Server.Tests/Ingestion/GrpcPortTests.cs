using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Server.Tests.Ingestion;

/// <summary><c>CityMesh:Grpc:Port</c>: when the twin opens its HTTP/2 port, and how a bad setting fails.</summary>
public sealed class GrpcPortTests
{
    private static WebApplication Build(string urls, string? grpcPort, string target = "twin") =>
        CityMeshHost.Build(["--target", target], builder =>
        {
            builder.WebHost.UseUrls(urls);
            if (grpcPort is not null) builder.Configuration.AddInMemoryCollection([new(GrpcPort.Key, grpcPort)]);
        });

    [Fact]
    public async Task Should_Take_Any_Free_Grpc_Port_For_A_Server_On_Any_Free_Port_And_Tell_The_Http_One_Apart()
    {
        await using var app = Build("http://127.0.0.1:0", null);
        await app.StartAsync();
        var grpc = app.Services.GetRequiredService<GrpcPort>().Address;
        Assert.NotEqual(GrpcPort.Default, grpc.Port);
        Assert.Equal(2, app.Urls.Count);
        var http = new Uri(GrpcPort.HttpAddress(app));
        Assert.NotEqual(grpc.Port, http.Port);
        using var client = new HttpClient { BaseAddress = http };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Should_Open_The_Grpc_Port_Beside_A_Fixed_Http_Port()
    {
        await using var app = Build("http://127.0.0.1:18080", null);
        Assert.NotNull(app.Services.GetService<GrpcPort>());
    }

    [Fact]
    public async Task Should_Open_No_Grpc_Port_Without_The_Twin()
    {
        await using var app = Build("http://127.0.0.1:18080", "18081", target: "governance");
        Assert.Null(app.Services.GetService<GrpcPort>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:18080", "18080", "CityMesh:Grpc:Port is 18080, the HTTP port as well; gRPC needs a port of its own (h2c).")]
    [InlineData("http://127.0.0.1:18080", "70000", "CityMesh:Grpc:Port is '70000'; give a TCP port from 1 to 65535 (0: any free port).")]
    [InlineData("http://twin.example:18080", "18081", "urls names host 'twin.example'; with gRPC (CityMesh:Grpc:Port) give an IP address, localhost or *.")]
    public async Task Should_Refuse_A_Setting_Kestrel_Cannot_Serve_Naming_It(string urls, string grpcPort, string message)
    {
        // Addresses are bound when Kestrel starts, so a bad host shows then; bad ports are refused while building.
        var e = await Record.ExceptionAsync(async () =>
        {
            await using var app = Build(urls, grpcPort);
            await app.StartAsync();
            await app.StopAsync();
        });
        Assert.Equal(message, Assert.IsType<InvalidOperationException>(e).Message);
    }
}
