namespace CityMesh.Deploy.Tests.Images;

/// <summary>One COPY or ADD of a build-context path into a stage: where it lands and where it comes from in the repository.</summary>
/// <param name="Container">Absolute path in the stage's filesystem.</param>
/// <param name="Source">Path in the build context (the repository root), <c>/</c>-separated, no trailing slash.</param>
public sealed record ContextCopy(DockerInstruction Instruction, string Container, string Source, bool Directory);

/// <summary>
/// The files a stage has from the build context at some instruction, worked out from its WORKDIRs and its COPY/ADD
/// instructions without <c>--from</c>: a directory source copies its contents into the destination, a file lands at the
/// destination or, when the destination ends in <c>/</c> or there are several sources, inside it.
/// </summary>
public sealed class ContainerFiles
{
    private readonly List<ContextCopy> _copies = [];

    public IReadOnlyList<ContextCopy> Copies => _copies;

    /// <summary>The context copies a stage has made before <paramref name="until"/> (all of them when null), with the WORKDIR then.</summary>
    public static (ContainerFiles Files, string WorkDir) Before(Dockerfile dockerfile, DockerStage stage, DockerInstruction? until, string contextRoot)
    {
        var files = new ContainerFiles();
        var workDir = "/";
        foreach (var s in dockerfile.Lineage(stage).Reverse())
        {
            foreach (var i in s.Instructions)
            {
                if (ReferenceEquals(i, until)) return (files, workDir);
                if (i.Keyword == "WORKDIR") workDir = Resolve(workDir, i.Text.Trim());
                if (i.Keyword is "COPY" or "ADD" && i.Flag("from") is null) files.Add(i, workDir, contextRoot);
            }
        }
        return (files, workDir);
    }

    /// <summary>Joins a container path to a directory unless it is absolute, and cleans it.</summary>
    public static string Resolve(string directory, string path) =>
        DockerIgnore.CleanPath(path.StartsWith('/') ? path : directory.TrimEnd('/') + "/" + path);

    /// <summary>The context path a container path came from, if a copy so far put it there (later copies win).</summary>
    public string? SourceOf(string containerPath)
    {
        containerPath = DockerIgnore.CleanPath(containerPath);
        for (int i = _copies.Count - 1; i >= 0; i--)
        {
            var c = _copies[i];
            if (containerPath == c.Container) return c.Source;
            if (c.Directory && containerPath.StartsWith(c.Container.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                var rest = containerPath[(c.Container.TrimEnd('/').Length + 1)..];
                return c.Source is "." ? rest : c.Source + "/" + rest;
            }
        }
        return null;
    }

    /// <summary>Source and destination words of a COPY/ADD, exec form or not.</summary>
    public static (IReadOnlyList<string> Sources, string Destination) SourcesAndDestination(DockerInstruction copy)
    {
        if (copy.Arguments.Count < 2) throw new FormatException($"{copy}: needs a source and a destination");
        return (copy.Arguments.Take(copy.Arguments.Count - 1).ToArray(), copy.Arguments[^1]);
    }

    private void Add(DockerInstruction copy, string workDir, string contextRoot)
    {
        var (sources, destination) = SourcesAndDestination(copy);
        var into = Resolve(workDir, destination);
        bool destinationIsDirectory = destination.EndsWith('/') || sources.Count > 1;
        foreach (var raw in sources)
        {
            var source = DockerIgnore.CleanPath(raw.TrimStart('/'));
            bool directory = System.IO.Directory.Exists(Path.Combine(contextRoot, source));
            if (directory)
                _copies.Add(new ContextCopy(copy, into, source, Directory: true));
            else if (destinationIsDirectory)
                _copies.Add(new ContextCopy(copy, into.TrimEnd('/') + "/" + Path.GetFileName(source), source, Directory: false));
            else
                _copies.Add(new ContextCopy(copy, into, source, Directory: false));
        }
    }
}
