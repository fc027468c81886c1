namespace CityMesh.Deploy.Tests.Images;

/// <summary>The image checks on small made-up contexts, so each is seen to pass and to fail.</summary>
public sealed class ImageChecksTests : IDisposable
{
    private readonly string _context = Directory.CreateTempSubdirectory("citymesh-images-").FullName;

    public ImageChecksTests()
    {
        Write("global.json", "{}");
        Write("Directory.Build.props", "<Project />");
        Write("src/Lib/Lib.csproj", """<Project><Import Project="Extra/Lib.props" /></Project>""");
        Write("src/Lib/Extra/Lib.props", "<Project />");
        Write("src/Lib/Code.cs", "");
        Write("src/App/App.csproj", """<Project><PropertyGroup><AssemblyName>my-app</AssemblyName></PropertyGroup><ItemGroup><ProjectReference Include="..\Lib\Lib.csproj" /></ItemGroup></Project>""");
        Write("src/App/Program.cs", "");
        Write("src/App/bin/Debug/stale.dll", "");
    }

    public void Dispose() => Directory.Delete(_context, recursive: true);

    private const string Good = """
        FROM sdk:10.0 AS build
        WORKDIR /src
        COPY global.json Directory.Build.props ./
        COPY src/App/App.csproj src/App/
        COPY src/Lib/Lib.csproj src/Lib/
        COPY src/Lib/Extra/Lib.props src/Lib/Extra/
        RUN dotnet restore src/App/App.csproj
        COPY src/ src/
        RUN dotnet publish src/App/App.csproj -c Release --no-restore -o /app/publish
        FROM runtime:10.0 AS final
        WORKDIR /app
        COPY --from=build /app/publish .
        USER 1654
        ENTRYPOINT ["./my-app"]
        """;

    [Fact]
    public void A_good_dockerfile_passes_every_check()
    {
        var file = Dockerfile.Parse(Good);
        var ignore = DockerIgnore.Parse("**/bin\n**/obj\n");
        Assert.Empty(ImageChecks.UnpinnedBases(file));
        Assert.Empty(ImageChecks.ContextSourceProblems(file, ignore, _context));
        Assert.Empty(ImageChecks.DotnetInputProblems(file, _context, Closure));
        Assert.Empty(ImageChecks.UserProblems(file, file.Stage("final")));
        Assert.Empty(ImageChecks.EntrypointProblems(file, file.Stage("final"), "src/App/App.csproj", "my-app", _context));
    }

    [Theory]
    [InlineData("FROM runtime:latest")]
    [InlineData("FROM runtime")]
    [InlineData("FROM registry.local:5000/runtime")]
    [InlineData("FROM $BASE")]
    public void Unpinned_bases_are_found(string from)
    {
        Assert.Single(ImageChecks.UnpinnedBases(Dockerfile.Parse(from + "\n")));
    }

    [Fact]
    public void Pinned_bases_and_earlier_stages_pass()
    {
        var file = Dockerfile.Parse("FROM registry.local:5000/runtime:1.2 AS a\nFROM a\nFROM img@sha256:abc\n");
        Assert.Empty(ImageChecks.UnpinnedBases(file));
    }

    [Fact]
    public void Missing_and_ignored_sources_are_found()
    {
        var file = Dockerfile.Parse("FROM a:1\nCOPY src/Nope/ x/\nCOPY global.json src/App/ ./\nCOPY src/*.cs ./\n");
        var problems = ImageChecks.ContextSourceProblems(file, DockerIgnore.Parse("global.json\nsrc/App/*.cs\n"), _context).ToArray();
        Assert.Contains(problems, p => p.Contains("'src/Nope' does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'global.json' is excluded", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("src/App/Program.cs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("wildcard", StringComparison.Ordinal));
        Assert.Equal(4, problems.Length);
    }

    [Fact]
    public void A_restore_missing_an_import_or_a_root_file_is_found()
    {
        var file = Dockerfile.Parse(Good
            .Replace("COPY src/Lib/Extra/Lib.props src/Lib/Extra/\n", "", StringComparison.Ordinal)
            .Replace("COPY global.json Directory.Build.props ./", "COPY global.json ./", StringComparison.Ordinal));
        var problems = ImageChecks.DotnetInputProblems(file, _context, Closure).ToArray();
        Assert.Contains(problems, p => p.Contains("restore needs src/Lib/Extra/Lib.props", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("restore needs Directory.Build.props", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restore_after_the_sources_and_a_publish_without_them_are_found()
    {
        var file = Dockerfile.Parse("""
            FROM sdk:1 AS build
            WORKDIR /src
            COPY . .
            RUN dotnet restore src/App/App.csproj
            FROM sdk:1 AS other
            WORKDIR /src
            COPY global.json Directory.Build.props src/App/App.csproj ./
            RUN dotnet publish src/App/App.csproj -o /out
            """);
        var problems = ImageChecks.DotnetInputProblems(file, _context, Closure).ToArray();
        Assert.Contains(problems, p => p.Contains("restore comes after the whole folder '.'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("project 'src/App/App.csproj' (/src/src/App/App.csproj) was not copied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "no USER")]
    [InlineData("USER app", "not a numeric uid")]
    [InlineData("USER 0:0", "uid 0 is root")]
    public void Root_or_named_users_are_found(string user, string message)
    {
        var file = Dockerfile.Parse($"FROM a:1 AS final\n{user}\n");
        Assert.Contains(message, Assert.Single(ImageChecks.UserProblems(file, file.Stage("final"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""ENTRYPOINT ["./other"]""", "the publish produces 'my-app'")]
    [InlineData("ENTRYPOINT ./my-app", "exec form")]
    [InlineData("""ENTRYPOINT ["dotnet", "my-app"]""", "'my-app.dll'")]
    [InlineData("""ENTRYPOINT ["/srv/my-app"]""", "nothing copies the publish output to /srv/my-app")]
    public void Entrypoints_that_miss_the_published_file_are_found(string entrypoint, string message)
    {
        var file = Dockerfile.Parse(Good.Replace("""ENTRYPOINT ["./my-app"]""", entrypoint, StringComparison.Ordinal));
        var problem = Assert.Single(ImageChecks.EntrypointProblems(file, file.Stage("final"), "src/App/App.csproj", "my-app", _context));
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_another_folder_than_the_publish_output_is_found()
    {
        var file = Dockerfile.Parse(Good.Replace("COPY --from=build /app/publish .", "COPY --from=build /app/bin .", StringComparison.Ordinal));
        var problem = Assert.Single(ImageChecks.EntrypointProblems(file, file.Stage("final"), "src/App/App.csproj", "my-app", _context));
        Assert.Contains("publishes to /app/publish", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dotnet_entrypoint_form_passes()
    {
        var file = Dockerfile.Parse(Good.Replace("""ENTRYPOINT ["./my-app"]""", """ENTRYPOINT ["dotnet", "/app/my-app.dll"]""", StringComparison.Ordinal));
        Assert.Empty(ImageChecks.EntrypointProblems(file, file.Stage("final"), "src/App/App.csproj", "my-app", _context));
    }

    private IReadOnlyList<string> Closure(string project) => project switch
    {
        "src/App/App.csproj" => ["src/App/App.csproj", "src/Lib/Lib.csproj", "src/Lib/Extra/Lib.props"],
        _ => [project],
    };

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
