namespace CityMesh.Compute.Tests;

internal static class TemporaryDirectory
{
    public static string Create() => Directory.CreateTempSubdirectory("citymesh-compute-tests-").FullName;

    public static void Delete(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }
}
