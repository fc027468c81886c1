using System.Text.Json;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi;

/// <summary>
/// JSON may escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>); the parser accepts it, but reading it as a .NET
/// string throws. Such bodies are found once, up front, so every later read is safe.
/// </summary>
public static class JsonText
{
    /// <exception cref="NgsiProblemException">BadRequestData naming the first string that is not valid UTF-16.</exception>
    public static void RejectLoneSurrogates(ReadOnlySpan<byte> utf8, JsonElement root)
    {
        if (!MayEscapeSurrogates(utf8)) return;
        Walk(root, "");
    }

    /// <summary>A byte scan for <c>\uD8</c>..<c>\uDF</c>; false means no surrogate escapes at all.</summary>
    private static bool MayEscapeSurrogates(ReadOnlySpan<byte> utf8)
    {
        var at = 0;
        while (true)
        {
            var i = utf8[at..].IndexOf("\\u"u8);
            if (i < 0) return false;
            at += i + 2;
            if (at + 1 < utf8.Length && utf8[at] is (byte)'d' or (byte)'D' && utf8[at + 1] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
                return true;
        }
    }

    private static void Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var index = 0;
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw Invalid(path.Length == 0 ? $"(member {index})" : $"{path}.(member {index})");
                    }
                    Walk(member.Value, path.Length == 0 ? name : $"{path}.{name}");
                    index++;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{path}[{i++}]");
                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Invalid(path.Length == 0 ? "(body)" : path);
                }
                break;
        }
    }

    private static NgsiProblemException Invalid(string field) =>
        new(NgsiProblem.BadRequestData("holds an escaped lone UTF-16 surrogate, which is not text", field));
}
