using System.Xml.Linq;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Architecture;

/// <summary>
/// A service module (a project under <c>services/</c> with a <c>*Module.cs</c>: the twin, governance, the sensors,
/// the scenario worker, transport and the domains after it) depends on the shared libraries (contracts, messaging,
/// the twin client, simulation, the scenario library, settings), never on another module, even through a library: a module learns of
/// another only through messages and the twin. The server, which hosts them all, is the one exception.
/// </summary>
public sealed class ModuleDependencyTests
{
    private const string Host = "CityMesh.Server";

    [Fact]
    public void The_modules_are_found()
    {
        // Guards the rule below against a layout change that would leave it checking nothing.
        var modules = Modules();
        foreach (var expected in new[] { "CityMesh.Twin", "CityMesh.Transport", "CityMesh.Governance", "CityMesh.Sensors", "CityMesh.Worker", "CityMesh.Health", "CityMesh.Safety" })
            Assert.Contains(expected, modules);
    }

    [Fact]
    public void No_module_references_another_module_directly_or_through_a_library()
    {
        var modules = Modules();
        var problems = new List<string>();
        foreach (var module in modules.Where(m => m != Host))
            foreach (var (reached, path) in Closure(module))
                if (modules.Contains(reached))
                    problems.Add($"{module} reaches {reached}: {string.Join(" → ", path)}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_contracts_depend_on_nothing_of_ours()
    {
        Assert.Empty(References(Repository.Path("services/CityMesh.Contracts/CityMesh.Contracts.csproj")));
    }

    [Fact]
    public void The_closure_follows_references_through_libraries()
    {
        // The server reaches the twin through its own reference and, say, transport's libraries: the walk must see both.
        var reached = Closure(Host).ToDictionary(p => p.Reached, p => p.Path);
        Assert.Contains("CityMesh.Twin", reached.Keys);
        Assert.Contains("CityMesh.Contracts", reached.Keys);
        Assert.True(reached["CityMesh.Contracts"].Count >= 3, "contracts are reached through another project, not directly");
    }

    /// <summary>Projects under services/ holding a *Module.cs anywhere in their folder.</summary>
    private static HashSet<string> Modules() =>
        Directory.GetDirectories(Repository.Path("services"))
            .Where(dir => Directory.EnumerateFiles(dir, "*Module.cs", SearchOption.AllDirectories)
                .Any(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every project reached from <paramref name="project"/> (a services/ project name), with the path that reaches it first (breadth first).</summary>
    private static IEnumerable<(string Reached, IReadOnlyList<string> Path)> Closure(string project)
    {
        var start = Repository.Path($"services/{project}/{project}.csproj");
        Assert.True(File.Exists(start), $"{start} not found");
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var queue = new Queue<(string File, List<string> Path)>([(start, [project])]);
        while (queue.Count > 0)
        {
            var (file, path) = queue.Dequeue();
            foreach (var next in References(file))
            {
                if (!seen.Add(next)) continue;
                var name = Path.GetFileNameWithoutExtension(next);
                List<string> nextPath = [.. path, name];
                yield return (name, nextPath);
                queue.Enqueue((next, nextPath));
            }
        }
    }

    /// <summary>The full paths of a project file's ProjectReferences.</summary>
    private static IEnumerable<string> References(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include") ?? throw new InvalidOperationException($"{csproj}: a ProjectReference without Include"))
            .Select(include => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, include.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
}
