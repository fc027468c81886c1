namespace CityMesh.Messaging.Protobuf;

/// <summary>
/// Reads protobuf's wire format (tags, varints, fixed-size and length-delimited values) from one message, or one
/// nested message's range of the same buffer, for the firehose's hand-written decoders (<c>CloudEventProtobuf</c>,
/// <see cref="Telemetry.ReadingBatchDecoder"/>). Malformed input (a value running past its message, a varint over ten
/// bytes, field number 0, a group) is a <see cref="FormatException"/> that says what and where. Groups are refused:
/// the schemas read here are proto3, which has none.
/// </summary>
internal ref struct ProtobufReader
{
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    // google.protobuf.Timestamp
    private const int SecondsField = 1, NanosField = 2;

    public ProtobufReader(byte[] buffer) : this(buffer, (0, buffer.Length)) { }

    /// <param name="range">Where the nested message starts and how long it is.</param>
    public ProtobufReader(byte[] buffer, (int Start, int Length) range)
    {
        Buffer = buffer;
        Position = range.Start;
        Limit = range.Start + range.Length;
    }

    public byte[] Buffer { get; }
    public int Position { get; private set; }
    public int Limit { get; }
    public readonly bool End => Position >= Limit;

    public (int Field, int Wire) Tag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        if (field == 0) throw new FormatException($"protobuf: field number 0 at byte {Position}");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (Position >= Limit) throw new FormatException("protobuf: a varint runs past the end of its message");
            var b = Buffer[Position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new FormatException("protobuf: a varint longer than ten bytes");
    }

    /// <summary>A <c>fixed64</c> value as a <c>double</c> (little-endian IEEE 754).</summary>
    public double ReadDouble()
    {
        Need(8);
        var value = BitConverter.Int64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(Buffer.AsSpan(Position, 8)));
        Position += 8;
        return value;
    }

    /// <summary>A length-delimited value's place in the buffer; the reader moves past it.</summary>
    public (int Start, int Length) Length()
    {
        var length = ReadVarint();
        if (length > (ulong)(Limit - Position)) throw new FormatException($"protobuf: a field of {length} bytes runs past the end of its message");
        var start = Position;
        Position += (int)length;
        return (start, (int)length);
    }

    public ReadOnlySpan<byte> Span()
    {
        var (start, length) = Length();
        return Buffer.AsSpan(start, length);
    }

    public ReadOnlyMemory<byte> Memory()
    {
        var (start, length) = Length();
        return Buffer.AsMemory(start, length);
    }

    /// <summary>
    /// A <c>google.protobuf.Timestamp</c> read from this (nested) reader to its end, merged into
    /// <paramref name="into"/> as protobuf merges a message field seen twice: the fields it sets replace, the others
    /// stay (absent fields are 0). Its range is the caller's to check.
    /// </summary>
    public (long Seconds, int Nanos) Timestamp((long Seconds, int Nanos) into = default)
    {
        var (seconds, nanos) = into;
        while (!End)
        {
            var (field, wire) = Tag();
            if (field == SecondsField && wire == Varint) seconds = (long)ReadVarint();
            else if (field == NanosField && wire == Varint) nanos = (int)ReadVarint();
            else SkipValue(wire);
        }
        return (seconds, nanos);
    }

    public void SkipValue(int wire)
    {
        switch (wire)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Need(8); Position += 8; break;
            case LengthDelimited: Length(); break;
            case Fixed32: Need(4); Position += 4; break;
            default: throw new FormatException($"protobuf: wire type {wire} (groups or unknown) at byte {Position}");
        }
    }

    private readonly void Need(int bytes)
    {
        if (Limit - Position < bytes) throw new FormatException("protobuf: a fixed-size field runs past the end of its message");
    }
}
