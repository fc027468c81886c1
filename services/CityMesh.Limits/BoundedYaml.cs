using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Limits;

/// <summary>
/// The one way CityMesh reads YAML it is given (scenarios, synthesis options): within <see cref="InputLimits.YamlBytes"/>,
/// <see cref="InputLimits.YamlDepth"/> and <see cref="InputLimits.YamlNodes"/>. YamlDotNet's node tree is built by
/// recursion, one stack frame per level, and resolves aliases to shared nodes that a walk visits at every use; so the
/// limits are checked on the parser's events, before the tree grows past them: 100,000 nested brackets stop at level
/// 65, and a 400-byte "billion laughs" stops at the 100,001st node it would expand to.
/// </summary>
public static class BoundedYaml
{
    /// <summary>The document's size, checked before anything parses it.</summary>
    /// <returns>Null when it fits, else the problem, naming the limit.</returns>
    public static string? SizeProblem(long bytes, InputLimits limits) =>
        bytes > limits.YamlBytes
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes; at most {limits.YamlBytes:N0} ({InputLimits.Section}:{nameof(InputLimits.YamlBytes)})")
            : null;

    /// <summary>Every document in <paramref name="text"/>, each within the limits.</summary>
    /// <exception cref="YamlException">Not YAML, or past a limit (a <see cref="YamlLimitException"/>, placed where it was crossed).</exception>
    public static YamlStream Load(string text, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (SizeProblem(Encoding.UTF8.GetByteCount(text), limits) is { } tooLarge) throw new YamlLimitException(Mark.Empty, tooLarge);
        // YAML reads CR, LF and CRLF alike as a line break (and folds breaks inside scalars to LF); YamlDotNet's scanner
        // fails with an InvalidOperationException on a lone CR in a flow collection, so the breaks are made LF first.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var stream = new YamlStream();
        var parser = new LimitedParser(new Parser(new StringReader(text)), limits);
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is not YamlException)
        {
            // YamlDotNet's tree builder refuses some event sequences its parser lets through (an ArgumentException
            // "unsupported type"); that is bad YAML too, placed at the event it refused.
            var at = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(at, at, $"cannot be read here ({e.GetType().Name} in the YAML reader)", e);
        }
        return stream;
    }

    /// <summary>A YamlException's message without the marks YamlDotNet puts before it (callers place errors themselves).</summary>
    public static string Detail(YamlException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is YamlLimitException limit) return limit.Detail;
        var message = e.Message;
        var end = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && end > 0 ? message[(end + 3)..] : message;
    }
}

/// <summary>A YAML document past one of <see cref="InputLimits"/>' YAML limits; <see cref="Detail"/> names the limit.</summary>
public sealed class YamlLimitException(Mark at, string detail) : YamlException(at, at, detail)
{
    public string Detail { get; } = detail;
}
