using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Chart;

/// <summary>The per-city values files in examples/cities/, as xunit data.</summary>
public static class Cities
{
    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Repository.Path("examples/cities"), "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)).Order();

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names()) data.Add(name);
        return data;
    }

    internal static string ValuesFile(string city) => Repository.Path($"examples/cities/{city}.yaml");

    internal static RenderedChart Render(string city) => ChartRenderer.Render([ValuesFile(city)], release: city, ns: "citymesh-" + city);
}
