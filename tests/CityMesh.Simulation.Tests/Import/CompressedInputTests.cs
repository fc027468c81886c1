using System.IO.Compression;
using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Import;

/// <summary>
/// SUMO networks and demand often ship gzipped (<c>.net.xml.gz</c>, as sumo and netconvert read and write them): read
/// as the plain file, with the input limit counting the inflated bytes, and a broken archive refused naming the file.
/// </summary>
public sealed class CompressedInputTests : IDisposable
{
    private static readonly string Net = TrafficTestData.Data("Sumo", "grid3.net.xml");
    private static readonly string Routes = TrafficTestData.Data("Sumo", "grid3.rou.xml");
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-gz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Gzip(string path, string name)
    {
        var target = Path.Combine(_directory, name);
        using (var input = File.OpenRead(path))
        using (var output = new GZipStream(File.Create(target), CompressionLevel.Optimal))
            input.CopyTo(output);
        return target;
    }

    [Fact]
    public void A_gzipped_network_and_demand_read_as_the_plain_files()
    {
        var plain = SumoNetworkReader.Read(Net);
        var network = SumoNetworkReader.Read(Gzip(Net, "grid3.net.xml.gz"));

        Assert.Equal(plain.Lanes.Select(l => (l.Id, l.Length)), network.Lanes.Select(l => (l.Id, l.Length)));
        Assert.Equal(plain.Connections.Count, network.Connections.Count);
        Assert.Equal(plain.Signals.Count, network.Signals.Count);
        var demand = SumoRoutesReader.Read(Gzip(Routes, "grid3.rou.xml.gz"), network, seed: 3);
        Assert.Equal(SumoRoutesReader.Read(Routes, plain, seed: 3).Trips.Select(t => t.Id), demand.Trips.Select(t => t.Id));
    }

    [Fact]
    public void The_input_limit_counts_the_inflated_bytes()
    {
        var gz = Gzip(Net, "grid3.net.xml.gz");
        var limits = new InputLimits { InputFileBytes = new FileInfo(gz).Length + 1_000 }; // the archive fits, its contents do not

        var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(gz, limits: limits));

        Assert.Contains("grid3.net.xml.gz", e.Message);
        Assert.Contains("more than the", e.Message);
        Assert.Contains(nameof(InputLimits.InputFileBytes), e.Message);
    }

    [Fact]
    public void A_broken_archive_is_refused_naming_the_file()
    {
        var gz = Gzip(Net, "cut.net.xml.gz");
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, [.. bytes.AsSpan(0, 10), .. Enumerable.Repeat((byte)0xff, 200)]); // the header, then garbage

        var e = Assert.Throws<TrafficImportException>(() => SumoNetworkReader.Read(gz));

        Assert.Contains("cut.net.xml.gz", e.Message);
        Assert.Contains("is not a readable gzip file", e.Message);
    }
}
