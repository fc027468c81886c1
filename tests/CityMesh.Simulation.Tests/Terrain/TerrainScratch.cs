namespace CityMesh.Simulation.Tests.Terrain;

/// <summary>A temporary folder for the terrain files a test writes, removed with the test.</summary>
internal sealed class TerrainScratch : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("citymesh-terrain-").FullName;

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
