using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CityMesh.EndToEnd.Tests;

/// <summary>The README's first command: `citymesh up` starts the city, serves it, and stops cleanly on Ctrl-C.</summary>
public sealed class CitymeshUpTests
{
    private const string ViewerKey = "viewer-key-for-the-up-test-0123";

    [Fact]
    public async Task Should_Start_The_City_Serve_It_And_Stop_Cleanly_On_Interrupt()
    {
        var port = FreePort();
        var cli = typeof(CityMesh.Cli.Commands.UpCommand).Assembly.Location;
        // Through env --default-signal=INT: Ctrl-C reaches citymesh as it does from a terminal. A test run started in
        // the background by a shell without job control (`bash .ci/run &`) ignores SIGINT, and a child inherits an
        // ignored signal, so without this the SIGINT below would never arrive and the test would fail for its runner.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", cli, "up", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--viewer-key", ViewerKey, "--grpc-port", "0"])
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("Ctrl-C", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            Assert.True(ready.Task.IsCompleted, $"citymesh up did not come up:\n{output}");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
            // The twin is not open: without a key nothing is read; with the viewer key citymesh up printed, it is.
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/ngsi-ld/v1/entities?type=RoadSegment&limit=1")).StatusCode);
            http.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
            var page = await http.GetStringAsync("/");
            Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
            // CityMesh's RoadSegment is a term of its own context: name it, or the core context reads another type.
            http.DefaultRequestHeaders.TryAddWithoutValidation("Link",
                $"<http://127.0.0.1:{port}/ngsi-ld/v1/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"");
            var roads = await http.GetStringAsync("/ngsi-ld/v1/entities?type=RoadSegment&limit=1&count=true");
            Assert.Contains("RoadSegment", roads);
            lock (output)
            {
                Assert.Contains("CityMesh is up", output.ToString());
                Assert.Contains("twin", output.ToString());
                // The gRPC port (gateways, the twin read API), asked for as any free one, is printed with the port it got.
                Assert.Matches(@"gRPC\s+│\s+http://127\.0\.0\.1:[1-9][0-9]*", output.ToString());
            }

            // A scenario run against this twin without a key is turned away, saying what to set.
            string grpc;
            lock (output) grpc = System.Text.RegularExpressions.Regex.Match(output.ToString(), @"gRPC\s+│\s+(http://127\.0\.0\.1:[0-9]+/?)").Groups[1].Value;
            var run = new ProcessStartInfo("dotnet", [cli, "scenario", "run", Path.Combine(RepositoryRoot(), "examples", "scenarios", "flood-jinan-river.yaml"),
                "--twin", grpc, "--out", Path.Combine(Path.GetTempPath(), $"citymesh-up-{Guid.NewGuid():N}")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            run.Environment.Remove("CITYMESH_API_KEY");
            using (var refused = Process.Start(run)!)
            {
                var stderr = refused.StandardError.ReadToEndAsync();
                var stdout = refused.StandardOutput.ReadToEndAsync();
                await refused.WaitForExitAsync();
                Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}: {await stdout}{await stderr}");
                Assert.Contains("Unauthenticated", await stderr);
                Assert.Contains("set $CITYMESH_API_KEY to an API key of this twin", await stderr);
            }

            // Ctrl-C is SIGINT.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
            lock (output) Assert.True(process.HasExited, $"citymesh up did not stop within 30 s of SIGINT:\n{output}");
            Assert.Equal(0, process.ExitCode);
            lock (output) Assert.Contains("CityMesh stopped", output.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>From this source file, so it holds wherever the build output goes.</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(source)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CityMesh.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("CityMesh.sln not found above " + source);
    }
}
