using System.Text;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// Remembers the last value of a CloudEvent attribute that rarely changes (source, type, content type) in both its
/// forms, so a stream of events encodes and decodes it without a new string or byte array each time. A value that
/// differs replaces the remembered one; threads racing to replace it only cost an allocation.
/// </summary>
internal sealed class RepeatedText
{
    private sealed record Pair(string Text, byte[] Utf8);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Pair _last = new("", []);

    /// <summary>The UTF-8 bytes of <paramref name="text"/>; callers must not change them.</summary>
    public byte[] Bytes(string text)
    {
        var last = Volatile.Read(ref _last);
        if (string.Equals(last.Text, text, StringComparison.Ordinal)) return last.Utf8;
        var pair = new Pair(text, Encoding.UTF8.GetBytes(text));
        Volatile.Write(ref _last, pair);
        return pair.Utf8;
    }

    /// <summary>The text of <paramref name="utf8"/>.</summary>
    /// <exception cref="DecoderFallbackException">The bytes are not UTF-8.</exception>
    public string Text(ReadOnlySpan<byte> utf8)
    {
        var last = Volatile.Read(ref _last);
        if (utf8.SequenceEqual(last.Utf8)) return last.Text;
        var pair = new Pair(StrictUtf8.GetString(utf8), utf8.ToArray());
        Volatile.Write(ref _last, pair);
        return pair.Text;
    }
}
