using System.Xml.Linq;
using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Images;

/// <summary>The images CityMesh ships and where they are defined: Dockerfile, final stage and the project it publishes.</summary>
public static class ImageDefinitions
{
    public const string ServerDockerfile = "services/CityMesh.Server/Dockerfile";
    public const string OperatorDockerfile = "operator/CityMesh.Operator/Dockerfile";

    public static IReadOnlyList<string> Dockerfiles { get; } = [ServerDockerfile, OperatorDockerfile];

    /// <summary>Image, Dockerfile, final stage (the <c>--target</c> skaffold builds), and the project whose output it runs.</summary>
    public static IReadOnlyList<(string Image, string Dockerfile, string Stage, string Project)> Images { get; } =
    [
        ("citymesh/citymesh-server", ServerDockerfile, "server", "services/CityMesh.Server/CityMesh.Server.csproj"),
        ("citymesh/citymesh-worker", ServerDockerfile, "worker", "services/CityMesh.Server/CityMesh.Server.csproj"),
        ("citymesh/citymesh-operator", OperatorDockerfile, "operator", "operator/CityMesh.Operator/CityMesh.Operator.csproj"),
    ];

    public static TheoryData<string> DockerfileData() => new(Dockerfiles);

    public static TheoryData<string> ImageData() => new(Images.Select(i => i.Image));

    public static (string Image, string Dockerfile, string Stage, string Project) Image(string name) => Images.Single(i => i.Image == name);

    public static Dockerfile Load(string dockerfile) => Dockerfile.Load(Repository.Path(dockerfile));

    public static DockerIgnore Ignore() => DockerIgnore.Load(Repository.Path(".dockerignore"));

    /// <summary>The name of the file a project builds: its AssemblyName, else the project file's name.</summary>
    public static string AssemblyName(string project)
    {
        var xml = XDocument.Load(Repository.Path(project));
        var name = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim();
        return string.IsNullOrEmpty(name) ? Path.GetFileNameWithoutExtension(project) : name;
    }

    /// <summary>
    /// The files MSBuild reads to restore and build a project, as repository paths: the project, the projects it references,
    /// transitively, and the files each imports by a relative path (<c>Import Project="..."</c>).
    /// </summary>
    public static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([DockerIgnore.CleanPath(project)]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (seen.Contains(current)) continue;
            seen.Add(current);
            if (!current.EndsWith("proj", StringComparison.Ordinal)) continue;
            var directory = Path.GetDirectoryName(current)!.Replace('\\', '/');
            var xml = XDocument.Load(Repository.Path(current));
            var references = xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference").Select(e => (string?)e.Attribute("Include"));
            var imports = xml.Descendants().Where(e => e.Name.LocalName == "Import").Select(e => (string?)e.Attribute("Project"));
            foreach (var include in references.Concat(imports).OfType<string>().Where(p => !p.Contains("$(", StringComparison.Ordinal)))
                pending.Push(DockerIgnore.CleanPath(directory + "/" + include.Replace('\\', '/')));
        }
        return seen;
    }
}
