using System.Runtime.InteropServices;
using System.Text;
using CityMesh.Messaging.Protobuf;

namespace CityMesh.Messaging.Telemetry;

/// <summary>
/// Decodes a <c>citymesh.telemetry.v1.ReadingBatch</c> straight into <see cref="TelemetryReading"/>s: no batch,
/// repeated-field, reading or timestamp objects, and no new string for what repeats. Attribute names and units come
/// from a small table of recent values; an entity id equal to the event's subject (a sensor's own readings, the
/// usual case) is the subject's string. This is the firehose's decoder; the generated classes stay for writing
/// readings and for the gRPC gateway API, and the tests hold the two to the same results.
/// <para>
/// As protobuf reads a message: fields in any order, the last value of a field wins, a later case of the
/// <c>value</c> oneof replaces an earlier one, <c>observed_at</c> seen twice is merged, unknown fields and known
/// fields of another wire type are skipped. Unlike the generated parser it refuses text that is not UTF-8 (rather
/// than replacing it) and groups (proto3 has none).
/// </para>
/// </summary>
public static class ReadingBatchDecoder
{
    // ReadingBatch
    private const int ReadingsField = 1;

    // Reading
    private const int EntityIdField = 1, AttributeField = 2, NumberField = 3, TextField = 4, FlagField = 5, UnitCodeField = 6, ObservedAtField = 7, PointField = 8;

    // GeoPoint
    private const int LatitudeField = 1, LongitudeField = 2;

    private const int Varint = ProtobufReader.Varint, Fixed64 = ProtobufReader.Fixed64, LengthDelimited = ProtobufReader.LengthDelimited;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Shared by every decoding thread (entries are swapped whole): a city has tens of attribute names and units.
    private static readonly RepeatedText Attributes = new(slots: 256), Units = new(slots: 64);

    /// <summary>Adds the batch's readings to <paramref name="readings"/>, in order.</summary>
    /// <param name="subject">The event's subject: an <c>entity_id</c> equal to it is returned as this string.</param>
    /// <returns>How many readings were added.</returns>
    /// <exception cref="FormatException">The bytes are not a ReadingBatch; the message says what is wrong. Nothing is added.</exception>
    public static int Decode(ReadOnlyMemory<byte> data, string? subject, List<TelemetryReading> readings)
    {
        var start = readings.Count;
        try
        {
            var (buffer, offset) = MemoryMarshal.TryGetArray(data, out var segment)
                ? (segment.Array!, segment.Offset)
                : (data.ToArray(), 0);
            var batch = new ProtobufReader(buffer, (offset, data.Length));
            while (!batch.End)
            {
                var (field, wire) = batch.Tag();
                if (field == ReadingsField && wire == LengthDelimited) readings.Add(ReadOne(new ProtobufReader(buffer, batch.Length()), subject));
                else batch.SkipValue(wire);
            }
            return readings.Count - start;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            readings.RemoveRange(start, readings.Count - start);
            throw e as FormatException ?? new FormatException($"protobuf: text that is not UTF-8 ({e.Message})", e);
        }
    }

    private static TelemetryReading ReadOne(ProtobufReader r, string? subject)
    {
        string entityId = "", attribute = "", text = "", unit = "";
        var value = Reading.ValueOneofCase.None;
        double number = 0, latitude = 0, longitude = 0;
        var flag = false;
        long seconds = 0;
        var nanos = 0;
        var hasObservedAt = false;
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            switch (field)
            {
                case EntityIdField when wire == LengthDelimited: entityId = Id(r.Span(), subject); break;
                case AttributeField when wire == LengthDelimited: attribute = Attributes.Text(r.Span()); break;
                case NumberField when wire == Fixed64: number = r.ReadDouble(); value = Reading.ValueOneofCase.Number; break;
                case TextField when wire == LengthDelimited: text = StrictUtf8.GetString(r.Span()); value = Reading.ValueOneofCase.Text; break;
                case FlagField when wire == Varint: flag = r.ReadVarint() != 0; value = Reading.ValueOneofCase.Flag; break;
                case PointField when wire == LengthDelimited:
                    // A new case of the oneof starts from an empty point; a point seen twice merges, as a message field does.
                    if (value != Reading.ValueOneofCase.Point) (latitude, longitude) = (0, 0);
                    (latitude, longitude) = Point(new ProtobufReader(r.Buffer, r.Length()), latitude, longitude);
                    value = Reading.ValueOneofCase.Point;
                    break;
                case UnitCodeField when wire == LengthDelimited: unit = Units.Text(r.Span()); break;
                case ObservedAtField when wire == LengthDelimited:
                    // A second observed_at merges into the first: fields it sets replace, fields it lacks stay.
                    (seconds, nanos) = new ProtobufReader(r.Buffer, r.Length()).Timestamp((seconds, nanos));
                    hasObservedAt = true;
                    break;
                default: r.SkipValue(wire); break;
            }
        }
        // Only the oneof's set case keeps its value, as the generated class does.
        return new TelemetryReading(entityId, attribute, value,
            value == Reading.ValueOneofCase.Number ? number : 0,
            value == Reading.ValueOneofCase.Text ? text : "",
            value == Reading.ValueOneofCase.Flag && flag,
            unit, seconds, nanos, hasObservedAt,
            value == Reading.ValueOneofCase.Point ? latitude : 0,
            value == Reading.ValueOneofCase.Point ? longitude : 0);
    }

    /// <summary>A <c>GeoPoint</c> merged into the degrees held: the fields it sets replace, the others stay.</summary>
    private static (double Latitude, double Longitude) Point(ProtobufReader r, double latitude, double longitude)
    {
        while (!r.End)
        {
            var (field, wire) = r.Tag();
            if (field == LatitudeField && wire == Fixed64) latitude = r.ReadDouble();
            else if (field == LongitudeField && wire == Fixed64) longitude = r.ReadDouble();
            else r.SkipValue(wire);
        }
        return (latitude, longitude);
    }

    private static string Id(ReadOnlySpan<byte> utf8, string? subject) =>
        subject is not null && utf8.Length == subject.Length && Ascii.Equals(utf8, subject) ? subject : StrictUtf8.GetString(utf8);
}
