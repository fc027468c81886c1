using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Protobuf;

namespace CityMesh.Messaging.Kafka;

/// <summary>
/// The CloudEvents Protobuf Event Format 1.0 (<c>application/cloudevents+protobuf</c>): the message
/// <c>io.cloudevents.v1.CloudEvent</c> of the format's schema. Required attributes are fields (id 1, source 2,
/// spec_version 3, type 4); optional ones sit in the map <c>attributes</c> (5) as typed values (ce_string 3,
/// ce_timestamp 7, ...); data is <c>binary_data</c> (6), <c>text_data</c> (7, JSON goes here) or <c>proto_data</c> (8).
/// <para>
/// Written and read here by hand, because every event on the Kafka firehose passes through it and the schema is
/// five fields: one exact-size array per event, no message objects, the repeating source and type read without a new
/// string. The tests hold it to classes generated from the schema (both directions).
/// </para>
/// </summary>
internal static class CloudEventProtobuf
{
    public const string ContentType = "application/cloudevents+protobuf";

    // io.cloudevents.v1.CloudEvent
    private const int IdField = 1, SourceField = 2, SpecVersionField = 3, TypeField = 4, AttributesField = 5;
    private const int BinaryDataField = 6, TextDataField = 7, ProtoDataField = 8;

    // A map entry, CloudEventAttributeValue's cases, google.protobuf.Timestamp and google.protobuf.Any.
    private const int KeyField = 1, ValueField = 2;
    private const int BooleanCase = 1, IntegerCase = 2, StringCase = 3, BytesCase = 4, UriCase = 5, UriRefCase = 6, TimestampCase = 7;
    private const int SecondsField = 1, NanosField = 2;
    private const int AnyValueField = 2;

    private const int Varint = ProtobufReader.Varint, LengthDelimited = ProtobufReader.LengthDelimited;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly RepeatedText SourceText = new(), TypeText = new(), ContentTypeText = new();
    private static readonly byte[] SpecVersionUtf8 = Encoding.UTF8.GetBytes(CloudEvent.SpecVersion);
    private static readonly byte[] SubjectKey = Encoding.UTF8.GetBytes("subject");
    private static readonly byte[] TimeKey = Encoding.UTF8.GetBytes("time");
    private static readonly byte[] ContentTypeKey = Encoding.UTF8.GetBytes("datacontenttype");
    private static readonly byte[] TraceParentKey = Encoding.UTF8.GetBytes("traceparent");

    /// <summary>The event as one protobuf message.</summary>
    public static byte[] Write(CloudEvent e)
    {
        var source = SourceText.Bytes(e.Source);
        var type = TypeText.Bytes(e.Type);
        var contentType = ContentTypeText.Bytes(e.DataContentType);
        var data = e.HasJsonData ? e.JsonUtf8() : e.BinaryData.Span;
        var (seconds, nanos) = Timestamp(e.Time);
        var timeValue = TimestampSize(seconds, nanos);

        var subjectBytes = e.Subject is null ? 0 : Encoding.UTF8.GetByteCount(e.Subject);
        var traceBytes = e.TraceParent is null ? 0 : Encoding.UTF8.GetByteCount(e.TraceParent);
        var size = Field(Encoding.UTF8.GetByteCount(e.Id)) + Field(source.Length) + Field(SpecVersionUtf8.Length) + Field(type.Length)
            + Field(EntryBody(TimeKey.Length, timeValue)) + Field(EntryBody(ContentTypeKey.Length, contentType.Length));
        if (e.Subject is not null) size += Field(EntryBody(SubjectKey.Length, subjectBytes));
        if (e.TraceParent is not null) size += Field(EntryBody(TraceParentKey.Length, traceBytes));
        if (!data.IsEmpty) size += Field(data.Length);

        var buffer = new byte[size];
        var w = new Writer(buffer);
        w.String(IdField, e.Id);
        w.Bytes(SourceField, source);
        w.Bytes(SpecVersionField, SpecVersionUtf8);
        w.Bytes(TypeField, type);
        if (e.Subject is not null) w.StringAttribute(SubjectKey, e.Subject, subjectBytes);
        w.Attribute(TimeKey, TimestampCase, timeValue);
        if (seconds != 0) w.Varint(SecondsField, (ulong)seconds);
        if (nanos != 0) w.Varint(NanosField, (ulong)nanos);
        w.Attribute(ContentTypeKey, StringCase, contentType.Length);
        w.Raw(contentType);
        if (e.TraceParent is not null) w.StringAttribute(TraceParentKey, e.TraceParent, traceBytes);
        if (!data.IsEmpty) w.Bytes(e.HasJsonData ? TextDataField : BinaryDataField, data);
        if (w.Position != size) throw new InvalidOperationException($"CloudEvent protobuf size computed as {size}, written {w.Position}");
        return buffer;
    }

    /// <summary>The event in <paramref name="message"/>, or why there is none (not protobuf, missing attributes).</summary>
    public static bool TryRead(byte[] message, out CloudEvent cloudEvent, out string reason)
    {
        cloudEvent = null!;
        string? id = null, source = null, type = null, subject = null, contentType = null, traceParent = null;
        DateTimeOffset time = default;
        ReadOnlyMemory<byte> data = default;
        var dataField = 0;
        var r = new ProtobufReader(message);
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case IdField when wire == LengthDelimited: id = StrictUtf8.GetString(r.Span()); break;
                case SourceField when wire == LengthDelimited: source = SourceText.Text(r.Span()); break;
                case TypeField when wire == LengthDelimited: type = TypeText.Text(r.Span()); break;
                case SpecVersionField when wire == LengthDelimited:
                    var version = r.Span();
                    if (!version.SequenceEqual(SpecVersionUtf8))
                    {
                        reason = $"unsupported CloudEvents specversion '{StrictUtf8.GetString(version)}'";
                        return false;
                    }
                    break;
                case AttributesField when wire == LengthDelimited:
                    var entry = new ProtobufReader(message, r.Length());
                    ReadAttribute(ref entry, ref subject, ref time, ref contentType, ref traceParent);
                    break;
                case BinaryDataField or TextDataField when wire == LengthDelimited:
                    dataField = field;
                    data = r.Memory();
                    break;
                case ProtoDataField when wire == LengthDelimited:
                    // google.protobuf.Any: its value bytes are the data; its type URL is for the reader to know already.
                    dataField = field;
                    var any = new ProtobufReader(message, r.Length());
                    while (!any.End)
                    {
                        var (anyField, anyWire) = any.Tag();
                        if (anyField == AnyValueField && anyWire == LengthDelimited) data = any.Memory();
                        else any.SkipValue(anyWire);
                    }
                    break;
                default: r.SkipValue(wire); break;
            }
        }
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(source) || string.IsNullOrEmpty(type))
        {
            reason = "protobuf CloudEvent lacks id, source or type";
            return false;
        }
        contentType ??= dataField == ProtoDataField ? "application/protobuf" : "application/json";
        // Made once, data included: a CloudEvent per message is the firehose's unit, so no copies through `with`.
        JsonElement json = default;
        if (CloudEvent.IsJson(contentType) && !data.IsEmpty)
        {
            var reader = new Utf8JsonReader(data.Span);
            json = JsonElement.ParseValue(ref reader);
        }
        var e = new CloudEvent
        {
            Id = id, Source = source, Type = type, Subject = subject, Time = time, TraceParent = traceParent, DataContentType = contentType,
            Data = json, BinaryData = CloudEvent.IsJson(contentType) ? default : data,
        };
        cloudEvent = e;
        reason = "";
        return true;
    }

    /// <summary>One <c>attributes</c> map entry: the ones a <see cref="CloudEvent"/> holds are kept, other extensions skipped.</summary>
    private static void ReadAttribute(ref ProtobufReader entry, ref string? subject, ref DateTimeOffset time, ref string? contentType, ref string? traceParent)
    {
        ReadOnlySpan<byte> key = default;
        string? text = null;
        DateTimeOffset? stamp = null;
        while (!entry.End)
        {
            var (field, wire) = entry.Tag();
            if (field == KeyField && wire == LengthDelimited) key = entry.Span();
            else if (field == ValueField && wire == LengthDelimited)
            {
                var value = new ProtobufReader(entry.Buffer, entry.Length());
                while (!value.End)
                {
                    var (valueCase, valueWire) = value.Tag();
                    switch (valueCase)
                    {
                        case StringCase or UriCase or UriRefCase when valueWire == LengthDelimited:
                            text = key.SequenceEqual(ContentTypeKey) ? ContentTypeText.Text(value.Span()) : StrictUtf8.GetString(value.Span());
                            break;
                        case TimestampCase when valueWire == LengthDelimited:
                            stamp = ReadTimestamp(new ProtobufReader(value.Buffer, value.Length()));
                            break;
                        default: value.SkipValue(valueWire); break; // booleans, integers, bytes: no CloudEvent member holds them
                    }
                }
            }
            else entry.SkipValue(wire);
        }
        if (key.SequenceEqual(SubjectKey)) subject = text;
        else if (key.SequenceEqual(ContentTypeKey)) contentType = text;
        else if (key.SequenceEqual(TraceParentKey)) traceParent = text;
        else if (key.SequenceEqual(TimeKey))
        {
            if (stamp is { } at) time = at;
            else if (text is not null) time = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
        }
    }

    private static DateTimeOffset ReadTimestamp(ProtobufReader stamp)
    {
        var (seconds, nanos) = stamp.Timestamp();
        if (nanos is < 0 or > 999_999_999) throw new FormatException($"time: nanos {nanos} is outside 0..999,999,999");
        return DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(nanos / 100);
    }

    private static (long Seconds, int Nanos) Timestamp(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0) { seconds--; rest += TimeSpan.TicksPerSecond; } // nanos count forward from the second
        return (seconds, (int)(rest * 100));
    }

    private static int TimestampSize(long seconds, int nanos) =>
        (seconds == 0 ? 0 : 1 + VarintSize((ulong)seconds)) + (nanos == 0 ? 0 : 1 + VarintSize((ulong)nanos));

    /// <summary>
    /// An <c>attributes</c> map entry's body: the key field, then the value field holding a CloudEventAttributeValue
    /// whose one case has a body of <paramref name="caseBytes"/>.
    /// </summary>
    private static int EntryBody(int keyBytes, int caseBytes) => Field(keyBytes) + Field(Field(caseBytes));

    /// <summary>A length-delimited field with a one-byte tag (every field here is numbered below 16) and a body of <paramref name="bodyBytes"/>.</summary>
    private static int Field(int bodyBytes) => 1 + VarintSize((ulong)bodyBytes) + bodyBytes;

    private static int VarintSize(ulong value) => value < 0x80 ? 1 : (70 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 7;

    private ref struct Writer(byte[] buffer)
    {
        private readonly Span<byte> _span = buffer;
        public int Position { get; private set; }

        public void Header(int field, int bodyBytes)
        {
            _span[Position++] = (byte)((field << 3) | LengthDelimited);
            RawVarint((ulong)bodyBytes);
        }

        public void Bytes(int field, ReadOnlySpan<byte> bytes)
        {
            Header(field, bytes.Length);
            bytes.CopyTo(_span[Position..]);
            Position += bytes.Length;
        }

        public void String(int field, string text)
        {
            Header(field, Encoding.UTF8.GetByteCount(text));
            Position += Encoding.UTF8.GetBytes(text, _span[Position..]);
        }

        /// <summary>An <c>attributes</c> entry up to its value's case header; the case's body of <paramref name="caseBytes"/> follows.</summary>
        public void Attribute(byte[] key, int valueCase, int caseBytes)
        {
            Header(AttributesField, EntryBody(key.Length, caseBytes));
            Bytes(KeyField, key);
            Header(ValueField, Field(caseBytes));
            Header(valueCase, caseBytes);
        }

        public void StringAttribute(byte[] key, string text, int textBytes)
        {
            Attribute(key, StringCase, textBytes);
            Position += Encoding.UTF8.GetBytes(text, _span[Position..]);
        }

        public void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[Position..]);
            Position += bytes.Length;
        }

        public void Varint(int field, ulong value)
        {
            _span[Position++] = (byte)((field << 3) | CloudEventProtobuf.Varint);
            RawVarint(value);
        }

        private void RawVarint(ulong value)
        {
            while (value >= 0x80)
            {
                _span[Position++] = (byte)(value | 0x80);
                value >>= 7;
            }
            _span[Position++] = (byte)value;
        }
    }

    /// <summary>Reads the fields of one message (or of a nested one, up to <see cref="Limit"/>) in a buffer.</summary>
}
