using System.Globalization;
using CityMesh.Limits;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// The one rule for a file CityMesh is told to read, checked before a byte of it is read, so a refusal can never echo
/// what the file holds. A path written in a scenario (<see cref="Confine"/>) must resolve, symbolic links followed as
/// realpath(3) does, inside one of the folders it is allowed; a path the user names on the command line
/// (<see cref="CheckNamed"/>) is theirs to choose. Either way it must be a regular file with content, no larger than its
/// limit, and nothing under /proc, /sys or /dev: opening a FIFO blocks until a writer comes, a device or procfs file
/// never ends or holds secrets (/proc/self/environ).
/// </summary>
/// <remarks>
/// .NET reports FIFOs, sockets and devices as "normal" files without opening them, but with size 0, which no regular
/// file worth reading has: so an empty file is refused with them. The check runs just before the reader opens the real
/// path; swapping a FIFO in between needs write access to an allowed folder.
/// </remarks>
public static class InputFileGuard
{
    /// <summary>Where kernels expose processes, devices and settings as files.</summary>
    public static readonly IReadOnlyList<string> SystemFolders = ["/proc", "/sys", "/dev"];

    // realpath(3) gives up after this many links (Linux's MAXSYMLINKS).
    private const int MaxLinks = 40;

    private static readonly string FileBytesKey = $"{InputLimits.Section}:{nameof(InputLimits.InputFileBytes)}";

    /// <summary>
    /// The real path of <paramref name="path"/> (relative ones from <paramref name="baseDirectory"/>) when it is a
    /// regular file inside one of <paramref name="roots"/>, within <see cref="InputLimits.InputFileBytes"/>.
    /// </summary>
    /// <param name="field">The scenario field that named the path, e.g. "spec.baseline.network.path".</param>
    /// <exception cref="ScenarioInputException">Any of that is not so; the message names <paramref name="field"/> and never the content.</exception>
    public static string Confine(string path, string baseDirectory, IReadOnlyList<string> roots, InputLimits limits, string field)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(limits);
        var real = Real(path, baseDirectory, field);
        var allowed = roots.Select(root => Real(root, baseDirectory, field)).ToList();
        if (!allowed.Any(root => IsInside(real, root)))
            throw new ScenarioInputException(field,
                $"'{path}' resolves to {real}, outside {(allowed.Count == 0 ? "every allowed folder (there are none)" : string.Join(" and ", allowed))}; " +
                $"move the file into one, or allow its folder ({InputLimits.Section}:{nameof(InputLimits.InputRoots)}, or citymesh scenario run --input-root DIR).");
        return CheckFile(path, real, limits.InputFileBytes, FileBytesKey, field);
    }

    /// <summary>
    /// The real path of a file the user named themselves (a command-line argument, an environment variable): any folder,
    /// but a regular file with content, within <paramref name="maxBytes"/> (the limit <paramref name="limitKey"/>).
    /// </summary>
    /// <exception cref="ScenarioInputException">It is not; the message names <paramref name="field"/>.</exception>
    public static string CheckNamed(string path, string field, long maxBytes, string limitKey) =>
        CheckFile(path, Real(path, Environment.CurrentDirectory, field), maxBytes, limitKey, field);

    private static string CheckFile(string path, string real, long maxBytes, string limitKey, string field)
    {
        FileInfo info;
        try
        {
            if (Directory.Exists(real)) throw new ScenarioInputException(field, $"'{path}' is a directory; give a file.");
            info = new FileInfo(real);
            if (!info.Exists) throw new ScenarioInputException(field, $"file not found: {real}.");
            _ = info.Length; // stat now, so a file that cannot be examined is reported here
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioInputException(field, $"'{path}' cannot be examined: {e.GetType().Name}.");
        }
        if (info.Length == 0)
            throw new ScenarioInputException(field, $"'{path}' is empty or not a regular file (a FIFO, socket or device); give a file with content.");
        if (info.Length > maxBytes)
            throw new ScenarioInputException(field, string.Create(CultureInfo.InvariantCulture, $"'{path}' is {info.Length:N0} bytes; at most {maxBytes:N0} ({limitKey})."));
        return real;
    }

    /// <summary>The real path, refused when it is under a <see cref="SystemFolders"/> folder or cannot be a path.</summary>
    private static string Real(string path, string baseDirectory, string field)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\0'))
            throw new ScenarioInputException(field, "must be a non-empty path without NUL characters.");
        string real;
        try
        {
            real = RealPath(Path.IsPathFullyQualified(path) ? path : Path.Join(Path.GetFullPath(baseDirectory), path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ScenarioInputException(field, $"'{path}' cannot be resolved: {e.GetType().Name}.");
        }
        if (SystemFolders.FirstOrDefault(folder => IsInside(real, folder) || real == folder) is { } system)
            throw new ScenarioInputException(field, $"'{path}' resolves to {real}, under {system}; CityMesh reads no input from {string.Join(", ", SystemFolders)}.");
        return real;
    }

    /// <summary>
    /// <paramref name="path"/> (fully qualified) with every symbolic link replaced by its target, one component at a time,
    /// and "." and ".." applied to the real folder they are in (so "link/.." is the link target's parent, as the kernel
    /// reads it). The last components need not exist.
    /// </summary>
    internal static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var pending = new Stack<string>(Components(path[root.Length..]).Reverse());
        var current = root;
        for (var links = 0; pending.Count > 0;)
        {
            var name = pending.Pop();
            if (name is "" or ".") continue;
            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Join(current, name);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"more than {MaxLinks} symbolic links");
            var targetRoot = Path.GetPathRoot(target);
            foreach (var part in Components(string.IsNullOrEmpty(targetRoot) ? target : target[targetRoot.Length..]).Reverse()) pending.Push(part);
            if (!string.IsNullOrEmpty(targetRoot)) current = targetRoot;
        }
        return current;
    }

    private static string[] Components(string path) => path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    private static bool IsInside(string path, string folder)
    {
        var prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
