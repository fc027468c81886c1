namespace CityMesh.Deploy.Tests.Images;

public sealed class DockerIgnoreTests
{
    [Theory]
    // The examples of Docker's .dockerignore documentation.
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "somedir/temp", true)]
    [InlineData("*/temp*", "temporary.txt", false)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    [InlineData("*/*/temp*", "somedir/temporary.txt", false)]
    [InlineData("temp?", "tempa", true)]
    [InlineData("temp?", "temp", false)]
    [InlineData("temp?", "dir/tempa", false)]
    [InlineData("**/*.go", "main.go", true)]
    [InlineData("**/*.go", "a/b/c/main.go", true)]
    [InlineData("**/*.go", "a/main.goo", false)]
    [InlineData("/foo/bar", "foo/bar", true)]
    [InlineData("foo/bar/", "foo/bar/baz.txt", true)]
    [InlineData("foo/bar", "bar", false)]
    // A pattern matching a parent directory excludes what is under it.
    [InlineData("bin", "bin/Release/app.dll", true)]
    [InlineData("bin", "src/bin/app.dll", false)]
    [InlineData("**/bin", "src/App/bin/Release/app.dll", true)]
    [InlineData("**/bin", "src/cabin/file", false)]
    // * and ? stop at /; ** does not.
    [InlineData("src/*.cs", "src/a/b.cs", false)]
    [InlineData("src/**", "src/a/b.cs", true)]
    [InlineData("src/**/b.cs", "src/b.cs", true)]
    // Character classes, negated with ^, and escapes.
    [InlineData("file[0-9].txt", "file7.txt", true)]
    [InlineData("file[^0-9].txt", "file7.txt", false)]
    [InlineData("file\\*.txt", "file*.txt", true)]
    [InlineData("file\\*.txt", "fileA.txt", false)]
    // Regular-expression characters are literal.
    [InlineData("a.b", "axb", false)]
    [InlineData("a+(b)", "a+(b)", true)]
    // patternmatcher treats a leading ** without a slash as a plain suffix test.
    [InlineData("**.md", "docs/README.md", true)]
    public void Matches_as_docker_does(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).Excludes(path));
    }

    [Fact]
    public void The_last_matching_line_wins()
    {
        var first = DockerIgnore.Parse("*.md\n!README*.md\nREADME-secret.md\n");
        Assert.True(first.Excludes("CHANGES.md"));
        Assert.False(first.Excludes("README.md"));
        Assert.True(first.Excludes("README-secret.md"));

        var second = DockerIgnore.Parse("*.md\nREADME-secret.md\n!README*.md\n");
        Assert.False(second.Excludes("README-secret.md"));
    }

    [Fact]
    public void Everything_but_exceptions()
    {
        var ignore = DockerIgnore.Parse("# allow list\n*\n!services\n!global.json\n**/obj\n");
        Assert.True(ignore.Excludes("tests/A/A.cs"));
        Assert.True(ignore.Excludes(".git/config"));
        Assert.False(ignore.Excludes("global.json"));
        Assert.False(ignore.Excludes("services/A/A.cs"));
        Assert.True(ignore.Excludes("services/A/obj/project.assets.json"));
        Assert.False(ignore.Excludes("."));
    }

    [Fact]
    public void Comments_only_in_column_one_and_patterns_are_cleaned()
    {
        var ignore = DockerIgnore.Parse(" #not-a-comment\n# comment\n./a/../b//c/\n");
        Assert.True(ignore.Excludes("#not-a-comment"));
        Assert.False(ignore.Excludes("comment"));
        Assert.True(ignore.Excludes("b/c/d"));
        Assert.Equal(["#not-a-comment", "b/c"], ignore.Patterns);
    }

    [Theory]
    [InlineData("!")]
    [InlineData("file[0-9")]
    [InlineData("file[]")]
    [InlineData("file[9-0]")]
    [InlineData("file\\")]
    public void Refuses_bad_patterns(string pattern)
    {
        Assert.Throws<FormatException>(() => DockerIgnore.Parse(pattern));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("a//b/", "a/b")]
    [InlineData("a/./b/../c/", "a/c")]
    [InlineData("../a", "../a")]
    [InlineData("/../a", "/a")]
    [InlineData("", ".")]
    public void Cleans_paths_as_go_does(string path, string cleaned)
    {
        Assert.Equal(cleaned, DockerIgnore.CleanPath(path));
    }
}
