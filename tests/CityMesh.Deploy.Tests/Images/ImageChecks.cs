namespace CityMesh.Deploy.Tests.Images;

/// <summary>
/// What the image tests check, as functions returning the problems found (empty: none), so the same checks run on the
/// repository's Dockerfiles and, in their own tests, on Dockerfiles made to fail.
/// </summary>
public static class ImageChecks
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", ".vs", ".idea", "TestResults"];

    /// <summary>FROM lines that do not name an earlier stage or an image by a tag other than <c>latest</c> (or a digest).</summary>
    public static IEnumerable<string> UnpinnedBases(Dockerfile dockerfile)
    {
        foreach (var stage in dockerfile.Stages)
        {
            var image = stage.BaseImage;
            if (dockerfile.EarlierStage(image, stage.Index) is not null) continue;
            if (image.Contains('$', StringComparison.Ordinal)) { yield return $"{stage.From}: the image is a variable"; continue; }
            if (image.Contains("@sha256:", StringComparison.Ordinal)) continue;
            int slash = image.LastIndexOf('/');
            int colon = image.IndexOf(':', slash + 1);
            if (colon < 0) yield return $"{stage.From}: no tag (that is latest)";
            else if (image[(colon + 1)..] is "" or "latest") yield return $"{stage.From}: tag '{image[(colon + 1)..]}' is not pinned";
        }
    }

    /// <summary>COPY/ADD sources from the build context that are missing, or that .dockerignore keeps out of it.</summary>
    public static IEnumerable<string> ContextSourceProblems(Dockerfile dockerfile, DockerIgnore ignore, string contextRoot)
    {
        foreach (var copy in dockerfile.Instructions.Where(i => i.Keyword is "COPY" or "ADD" && i.Flag("from") is null))
        {
            var (sources, _) = ContainerFiles.SourcesAndDestination(copy);
            foreach (var raw in sources)
            {
                if (raw.Contains("://", StringComparison.Ordinal)) continue;
                if (raw.IndexOfAny(['*', '?', '[']) >= 0) { yield return $"{copy}: wildcard source '{raw}' (name the files, so they can be checked)"; continue; }
                var source = DockerIgnore.CleanPath(raw.TrimStart('/'));
                if (source.StartsWith("..", StringComparison.Ordinal)) { yield return $"{copy}: '{raw}' is outside the build context"; continue; }
                var full = Path.Combine(contextRoot, source);
                if (File.Exists(full))
                {
                    if (ignore.Excludes(source)) yield return $"{copy}: '{source}' is excluded by .dockerignore";
                }
                else if (Directory.Exists(full))
                {
                    if (source != "." && ignore.Excludes(source)) { yield return $"{copy}: '{source}' is excluded by .dockerignore"; continue; }
                    var excluded = SourceFiles(contextRoot, source).Where(ignore.Excludes).ToArray();
                    if (excluded.Length > 0)
                        yield return $"{copy}: .dockerignore keeps {excluded.Length} of the folder's files out, e.g. {string.Join(", ", excluded.Take(3))}";
                }
                else
                {
                    yield return $"{copy}: '{source}' does not exist in the repository";
                }
            }
        }
    }

    /// <summary>
    /// For each <c>dotnet restore|build|publish</c> in a RUN: the project must be in the stage by then, with every project
    /// it references, every file it imports and the repository-root build files (global.json, Directory.*.props); for
    /// build and publish also every file under those projects' folders. A restore must come before any whole folder is
    /// copied, so its layer stays cached while only sources change.
    /// </summary>
    public static IEnumerable<string> DotnetInputProblems(Dockerfile dockerfile, string contextRoot, Func<string, IReadOnlyList<string>> closure)
    {
        string[] rootFiles = ["global.json", "Directory.Build.props", "Directory.Packages.props", "Directory.Build.targets", "NuGet.config", "nuget.config"];
        foreach (var stage in dockerfile.Stages)
        {
            foreach (var run in stage.Instructions.Where(i => i.Keyword == "RUN"))
            {
                foreach (var verb in new[] { "restore", "build", "publish" })
                {
                    foreach (var project in ShellWords.DotnetProjects(run.Text, verb))
                    {
                        var (files, workDir) = ContainerFiles.Before(dockerfile, stage, run, contextRoot);
                        var container = ContainerFiles.Resolve(workDir, project);
                        var source = files.SourceOf(container);
                        if (source is null || !File.Exists(Path.Combine(contextRoot, source)))
                        {
                            yield return $"{run}: project '{project}' ({container}) was not copied from the repository before this RUN";
                            continue;
                        }
                        var root = container[..^source.Length].TrimEnd('/');
                        var needed = closure(source).Concat(rootFiles.Where(f => File.Exists(Path.Combine(contextRoot, f))));
                        if (verb != "restore")
                        {
                            var folders = closure(source).Where(p => p.EndsWith("proj", StringComparison.Ordinal)).Select(p => Path.GetDirectoryName(p)!.Replace('\\', '/'));
                            needed = needed.Concat(folders.SelectMany(f => SourceFiles(contextRoot, f)));
                        }
                        foreach (var file in needed.Distinct(StringComparer.Ordinal))
                        {
                            if (files.SourceOf(root + "/" + file) != file)
                                yield return $"{run}: dotnet {verb} needs {file}, which is not at {root}/{file} by then";
                        }
                        if (verb == "restore")
                        {
                            foreach (var folder in files.Copies.Where(c => c.Directory))
                                yield return $"{run}: restore comes after the whole folder '{folder.Source}' is copied ({folder.Instruction}), so any source change re-runs it";
                        }
                    }
                }
            }
        }
    }

    /// <summary>A final stage's user must be a numeric uid (Kubernetes' runAsNonRoot can only verify numbers) and not root.</summary>
    public static IEnumerable<string> UserProblems(Dockerfile dockerfile, DockerStage stage)
    {
        var user = dockerfile.Effective(stage, "USER");
        if (user is null) { yield return $"stage {stage.DisplayName}: no USER, so it runs as root"; yield break; }
        var uid = user.Text.Trim().Split(':')[0];
        if (!uid.All(char.IsAsciiDigit) || uid.Length == 0) yield return $"{user}: '{uid}' is not a numeric uid";
        else if (long.Parse(uid, System.Globalization.CultureInfo.InvariantCulture) == 0) yield return $"{user}: uid 0 is root";
    }

    /// <summary>
    /// The ENTRYPOINT must run what the build stage's <c>dotnet publish</c> of <paramref name="project"/> produced: the
    /// apphost named after the AssemblyName (or <c>dotnet</c> with its .dll), at the place a <c>COPY --from</c> put the
    /// publish output.
    /// </summary>
    public static IEnumerable<string> EntrypointProblems(Dockerfile dockerfile, DockerStage stage, string project, string assemblyName, string contextRoot)
    {
        var entry = dockerfile.Effective(stage, "ENTRYPOINT");
        if (entry is null) { yield return $"stage {stage.DisplayName}: no ENTRYPOINT"; yield break; }
        if (!entry.ExecForm || entry.Arguments.Count == 0) { yield return $"{entry}: use the exec form, so the app gets signals as PID 1"; yield break; }
        bool viaHost = entry.Arguments[0] == "dotnet";
        if (viaHost && entry.Arguments.Count < 2) { yield return $"{entry}: dotnet without an assembly"; yield break; }
        var file = viaHost ? entry.Arguments[1] : entry.Arguments[0];
        var expected = viaHost ? assemblyName + ".dll" : assemblyName;
        if (Path.GetFileName(file) != expected) { yield return $"{entry}: runs '{file}', but the publish produces '{expected}'"; yield break; }

        var workDir = ContainerFiles.Before(dockerfile, stage, null, contextRoot).WorkDir;
        var path = ContainerFiles.Resolve(workDir, file);
        var copies = dockerfile.Lineage(stage).SelectMany(s => s.Instructions).Where(i => i.Keyword == "COPY" && i.Flag("from") is not null);
        foreach (var copy in copies)
        {
            var (sources, destination) = ContainerFiles.SourcesAndDestination(copy);
            var copyWorkDir = ContainerFiles.Before(dockerfile, dockerfile.Stages.First(s => s.Instructions.Contains(copy)), copy, contextRoot).WorkDir;
            var into = ContainerFiles.Resolve(copyWorkDir, destination);
            if (sources.Count != 1 || path != ContainerFiles.Resolve(into, Path.GetFileName(file))) continue;
            var from = dockerfile.EarlierStage(copy.Flag("from")!, dockerfile.Stages.Count);
            if (from is null) { yield return $"{copy}: --from names no stage of this Dockerfile"; yield break; }
            foreach (var run in from.Instructions.Where(i => i.Keyword == "RUN"))
            {
                var (files, runWorkDir) = ContainerFiles.Before(dockerfile, from, run, contextRoot);
                var published = ShellWords.DotnetProjects(run.Text, "publish").Select(p => files.SourceOf(ContainerFiles.Resolve(runWorkDir, p)));
                if (!published.Contains(DockerIgnore.CleanPath(project))) continue;
                var outputs = ShellWords.DotnetOption(run.Text, "publish", "-o", "--output").Select(o => ContainerFiles.Resolve(runWorkDir, o));
                // A --from source is a path in that stage, from its root.
                if (outputs.Contains(ContainerFiles.Resolve("/", sources[0]))) yield break;
                yield return $"{copy}: copies '{sources[0]}', but {run} publishes to {string.Join(", ", outputs.DefaultIfEmpty("its default folder"))}";
                yield break;
            }
            yield return $"{copy}: stage {from.DisplayName} does not publish {project}";
            yield break;
        }
        yield return $"{entry}: nothing copies the publish output to {path}";
    }

    /// <summary>The files under a repository folder, as repository paths, leaving out build output and editor folders.</summary>
    public static IEnumerable<string> SourceFiles(string contextRoot, string folder)
    {
        var full = Path.Combine(contextRoot, folder);
        if (!Directory.Exists(full)) yield break;
        foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(contextRoot, file).Replace('\\', '/');
            if (relative.Split('/').Any(part => SkippedDirectories.Contains(part))) continue;
            yield return relative;
        }
    }
}
