using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// What a body's JSON must be beyond syntax. The parser accepts invalid UTF-8 inside strings, an escaped half of a
/// surrogate pair (<c>"\ud800"</c>) and <c>\u0000</c>; reading the first two as .NET strings throws, and no store keeps
/// the third (<see cref="StoredText"/>). It also accepts a member name twice in one object, where later readers would
/// silently take one of them. A byte scan of the whole body finds out whether any of this can be present; only then is
/// the document walked, to name the first offending field.
/// </summary>
public static class JsonText
{
    /// <summary>False when the body is valid UTF-8 with no NUL or surrogate escapes, so its strings need no walk.</summary>
    public static bool MayHoldBadText(ReadOnlySpan<byte> utf8) => !Utf8.IsValid(utf8) || HasSuspectEscape(utf8);

    /// <summary>Walks <paramref name="element"/> for bad text and, when asked, member names given twice.</summary>
    /// <param name="path">The element's JSON path ("" for the body, "[3]" for an entity in a batch).</param>
    /// <exception cref="NgsiProblemException">BadRequestData naming the first offending field.</exception>
    public static void Reject(JsonElement element, string path, bool duplicates)
    {
        if (Find(element, path, duplicates) is { } error) throw new NgsiProblemException(NgsiProblem.BadRequestData([error]));
    }

    /// <summary>The string value of <paramref name="element"/>, or null when it is not a string the twin can read.</summary>
    public static string? ReadableString(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String || !Utf8.IsValid(JsonMarshal.GetRawUtf8Value(element))) return null;
        try
        {
            var text = element.GetString()!;
            return StoredText.Problem(text) is null ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The readable string member <paramref name="name"/> of an object that may hold bad text: names are compared as raw
    /// bytes, since looking one up by name unescapes every name and throws on one that is half a surrogate pair.
    /// </summary>
    public static string? ReadableStringMember(JsonElement item, ReadOnlySpan<byte> name)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        foreach (var member in item.EnumerateObject())
        {
            if (JsonMarshal.GetRawUtf8PropertyName(member).SequenceEqual(name)) return ReadableString(member.Value);
        }
        return null;
    }

    /// <summary>A byte scan for <c>\u0000</c> and <c>\uD8</c>..<c>\uDF</c> (any case).</summary>
    private static bool HasSuspectEscape(ReadOnlySpan<byte> utf8)
    {
        var at = 0;
        while (true)
        {
            var i = utf8[at..].IndexOf("\\u"u8);
            if (i < 0) return false;
            at += i + 2;
            if (at + 4 > utf8.Length) return false;
            var escape = utf8.Slice(at, 4);
            if (escape.SequenceEqual("0000"u8)) return true;
            if (escape[0] is (byte)'d' or (byte)'D' && escape[1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
                return true;
        }
    }

    private static FieldError? Find(JsonElement element, string path, bool duplicates)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = duplicates ? new(StringComparer.Ordinal) : null;
                var index = 0;
                foreach (var member in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? $"(member {index})" : $"{path}.(member {index})";
                    index++;
                    if (ProblemOf(JsonMarshal.GetRawUtf8PropertyName(member), () => member.Name) is { } nameProblem)
                        return new(at, $"the member name {nameProblem}");
                    var name = member.Name;
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    if (seen is not null && !seen.Add(name)) return new(field, "appears twice in one object; JSON member names must be unique");
                    if (Find(member.Value, field, duplicates) is { } error) return error;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{i++}]", duplicates) is { } error) return error;
                }
                return null;
            case JsonValueKind.String:
                return ProblemOf(JsonMarshal.GetRawUtf8Value(element), () => element.GetString()!) is { } problem
                    ? new(path.Length == 0 ? "(body)" : path, problem)
                    : null;
            default:
                return null;
        }
    }

    private static string? ProblemOf(ReadOnlySpan<byte> raw, Func<string> read)
    {
        if (!Utf8.IsValid(raw)) return "is not valid UTF-8";
        try
        {
            return StoredText.Problem(read());
        }
        catch (InvalidOperationException)
        {
            return "holds an escaped half of a UTF-16 surrogate pair, which is not text";
        }
    }
}
