using System.Text;

namespace CityMesh.Messaging.Protobuf;

/// <summary>
/// Remembers the last values of a field that rarely changes (a CloudEvent's source, type and content type; a
/// reading's attribute name and unit) in both forms, so a stream of messages encodes and decodes it without a new
/// string or byte array each time. Each value has one slot, chosen by a hash of its UTF-8 bytes (one slot by
/// default: the last value); a value that differs from its slot's replaces it. Entries are immutable and swapped
/// whole, so threads share it without locks; a race only costs an allocation.
/// </summary>
internal sealed class RepeatedText
{
    private sealed record Pair(string Text, byte[] Utf8);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Pair Empty = new("", []);

    private readonly Pair[] _slots;

    /// <param name="slots">How many values it keeps: a power of two.</param>
    public RepeatedText(int slots = 1)
    {
        if (slots < 1 || !System.Numerics.BitOperations.IsPow2(slots)) throw new ArgumentOutOfRangeException(nameof(slots), slots, "must be a power of two");
        _slots = new Pair[slots];
        Array.Fill(_slots, Empty);
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>; callers must not change them.</summary>
    public byte[] Bytes(string text)
    {
        if (_slots.Length == 1)
        {
            var last = Volatile.Read(ref _slots[0]);
            if (string.Equals(last.Text, text, StringComparison.Ordinal)) return last.Utf8;
        }
        var utf8 = Encoding.UTF8.GetBytes(text);
        ref var slot = ref _slots[Slot(utf8)];
        var held = Volatile.Read(ref slot);
        if (string.Equals(held.Text, text, StringComparison.Ordinal)) return held.Utf8;
        Volatile.Write(ref slot, new Pair(text, utf8));
        return utf8;
    }

    /// <summary>The text of <paramref name="utf8"/>.</summary>
    /// <exception cref="DecoderFallbackException">The bytes are not UTF-8.</exception>
    public string Text(ReadOnlySpan<byte> utf8)
    {
        ref var slot = ref _slots[Slot(utf8)];
        var held = Volatile.Read(ref slot);
        if (utf8.SequenceEqual(held.Utf8)) return held.Text;
        var pair = new Pair(StrictUtf8.GetString(utf8), utf8.ToArray());
        Volatile.Write(ref slot, pair);
        return pair.Text;
    }

    /// <summary>FNV-1a over the bytes, folded to a slot; the values held are short (names, units, URIs).</summary>
    private int Slot(ReadOnlySpan<byte> utf8)
    {
        if (_slots.Length == 1) return 0;
        var hash = 2166136261u;
        foreach (var b in utf8) hash = (hash ^ b) * 16777619u;
        return (int)((hash ^ (hash >> 16)) & (uint)(_slots.Length - 1));
    }
}
