namespace CityMesh.Deploy.Tests.Images;

public sealed class DockerfileParserTests
{
    private const string Sample = """
        # syntax and comments are not instructions
        FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
        WORKDIR /src
        RUN apt-get update \
            # a comment inside a continuation is dropped
            && apt-get install -y --no-install-recommends \
                 librdkafka1 curl \

            && rm -rf /var/lib/apt/lists/*
        COPY --chown=0:0 a.csproj b/ ./
        RUN dotnet publish src/App/App.csproj -c Release --no-restore -o /app/publish

        from mcr.microsoft.com/dotnet/aspnet:10.0-noble as final
        ENV A=1 B="two words" EMPTY=
        ENV LEGACY some value
        COPY --from=build /app/publish ./
        USER 1654
        ENTRYPOINT ["./app", "--flag"]
        CMD --target all

        FROM final AS extra
        ENV A=2
        """;

    [Fact]
    public void Reads_stages_flags_continuations_and_forms()
    {
        var file = Dockerfile.Parse(Sample);
        Assert.Equal(["build", "final", "extra"], file.Stages.Select(s => s.Name));
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble", file.Stage("FINAL").BaseImage);

        var run = file.Stage("build").Instructions[1];
        Assert.Equal("RUN", run.Keyword);
        Assert.Equal(4, run.Line);
        Assert.Equal(["librdkafka1", "curl"], ShellWords.AptInstalls(run.Text));
        Assert.DoesNotContain("comment", run.Text, StringComparison.Ordinal);

        var copy = file.Stage("build").Instructions[2];
        Assert.Equal("0:0", copy.Flag("chown"));
        Assert.Equal(["a.csproj", "b/", "./"], copy.Arguments);

        var fromBuild = file.Stage("final").Instructions.Single(i => i.Keyword == "COPY");
        Assert.Equal("build", fromBuild.Flag("from"));

        var entry = file.Effective(file.Stage("extra"), "ENTRYPOINT")!;
        Assert.True(entry.ExecForm);
        Assert.Equal(["./app", "--flag"], entry.Arguments);
        var cmd = file.Effective(file.Stage("extra"), "CMD")!;
        Assert.False(cmd.ExecForm);
        Assert.Equal("1654", file.Effective(file.Stage("extra"), "USER")!.Text);
        Assert.Null(file.Effective(file.Stage("build"), "USER"));
    }

    [Fact]
    public void Environment_is_inherited_and_overridden()
    {
        var file = Dockerfile.Parse(Sample);
        var env = file.Environment(file.Stage("extra"));
        Assert.Equal("2", env["A"]);
        Assert.Equal("two words", env["B"]);
        Assert.Equal("", env["EMPTY"]);
        Assert.Equal("some value", env["LEGACY"]);
        Assert.Equal("1", file.Environment(file.Stage("final"))["A"]);
        Assert.Empty(file.Environment(file.Stage("build")));
    }

    [Fact]
    public void Reads_dotnet_and_echo_commands()
    {
        const string line = "dotnet restore src/A.csproj -r linux-x64 && dotnet publish src/A.csproj -c Release --output=/out -p:X=1 > log";
        Assert.Equal(["src/A.csproj"], ShellWords.DotnetProjects(line, "restore"));
        Assert.Equal(["src/A.csproj"], ShellWords.DotnetProjects(line, "publish"));
        Assert.Equal(["/out"], ShellWords.DotnetOption(line, "publish", "-o", "--output"));
        Assert.Equal([("/etc/x.icd", "lib x.so")], ShellWords.EchoesInto("mkdir -p /etc && echo 'lib x.so' > /etc/x.icd; true"));
        Assert.Empty(ShellWords.AptInstalls("apt-get update && echo apt-get install nothing"));
    }

    [Fact]
    public void Honours_the_escape_directive()
    {
        var file = Dockerfile.Parse("# escape=`\nFROM base:1\nRUN echo a `\n  b\n");
        Assert.Equal("echo a b", file.Stages[0].Instructions[0].Text);
    }

    [Theory]
    [InlineData("RUN echo before any stage\nFROM base:1\n", "before any FROM")]
    [InlineData("FROM base:1\nRUN echo \\\n", "line continuation")]
    [InlineData("FROM base:1 AS a\nFROM base:2 AS A\n", "used twice")]
    [InlineData("FROM base:1 a\n", "FROM image [AS name]")]
    [InlineData("# nothing\n", "no FROM")]
    public void Refuses_what_the_builder_refuses(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Dockerfile.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
