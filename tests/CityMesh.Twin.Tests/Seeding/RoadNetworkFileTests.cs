using CityMesh.Limits.Settings;
using CityMesh.Twin.Seeding;

namespace CityMesh.Twin.Tests.Seeding;

public sealed class RoadNetworkFileTests : IDisposable
{
    // A fake checkout: <tmp>/repo/CityMesh.sln with the data beside it at <tmp>/shared/data/...
    private readonly string _root = Directory.CreateTempSubdirectory("citymesh-paths-").FullName;
    private readonly string _repo;
    private readonly string _data;

    public RoadNetworkFileTests()
    {
        _repo = Directory.CreateDirectory(Path.Combine(_root, "repo")).FullName;
        File.WriteAllText(Path.Combine(_repo, RoadNetworkFile.SolutionFile), "");
        _data = Path.Combine(_root, "shared", "data", "traffic", "Jinan_3_4", "roadnet_3_4.json");
        Directory.CreateDirectory(Path.GetDirectoryName(_data)!);
        File.WriteAllText(_data, "{}");
    }

    [Fact]
    public void Should_Resolve_The_Default_From_The_Repository_Root_Wherever_The_Process_Runs()
    {
        var deep = Directory.CreateDirectory(Path.Combine(_repo, "tests", "bin", "debug")).FullName;
        Assert.Equal(_data, RoadNetworkFile.Resolve(CityOptions.DefaultRoadNetwork, deep));
        // ...or from where the program lies, when the working directory is elsewhere.
        Assert.Equal(_data, RoadNetworkFile.Resolve(CityOptions.DefaultRoadNetwork, _root, deep));
    }

    [Fact]
    public void Should_Take_Absolute_Paths_And_Paths_Relative_To_The_Working_Directory()
    {
        Assert.Equal(_data, RoadNetworkFile.Resolve(_data, "/"));
        Assert.Equal(_data, RoadNetworkFile.Resolve(Path.Combine("shared", "data", "traffic", "Jinan_3_4", "roadnet_3_4.json"), _root));
    }

    [Fact]
    public void Should_List_Every_Path_Tried_And_The_Setting_When_Nothing_Is_There()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RoadNetworkFile.Resolve("../shared/nothing.json", Path.Combine(_repo)));
        Assert.Contains("CityMesh:City:RoadNetwork", e.Message);
        Assert.Contains(Path.Combine(_root, "shared", "nothing.json"), e.Message);
        Assert.Throws<FileNotFoundException>(() => RoadNetworkFile.Resolve(" ", _repo));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
