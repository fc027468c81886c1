namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>A temporary folder for the files a test writes, removed with the test.</summary>
internal sealed class ScratchFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("citymesh-abuse-").FullName;

    public string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>Text edits that also say on which line they happened, for assertions on error messages.</summary>
internal static class TextEdit
{
    /// <summary>Replaces the one occurrence of <paramref name="find"/>; the line (1-based) it stood on.</summary>
    public static (string Text, int Line) Replace(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once");
        return (string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)), LineAt(text, at));
    }

    /// <summary>Replaces the first occurrence of <paramref name="find"/> after <paramref name="anchor"/>; the line it stood on.</summary>
    public static (string Text, int Line) ReplaceAfter(string text, string anchor, string find, string replacement)
    {
        var start = text.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{anchor}' must occur");
        var at = text.IndexOf(find, start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' must occur after '{anchor}'");
        return (string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)), LineAt(text, at));
    }

    /// <summary>Inserts a line after the line holding <paramref name="anchor"/>; the inserted line's number.</summary>
    public static (string Text, int Line) InsertAfter(string text, string anchor, string line)
    {
        var at = text.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{anchor}' must occur");
        var end = text.IndexOf('\n', at) + 1;
        return (string.Concat(text.AsSpan(0, end), line, "\n", text.AsSpan(end)), LineAt(text, at) + 1);
    }

    private static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;
}
