using CityMesh.Messaging.Telemetry;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CityMesh.Messaging.Tests.Readings;

/// <summary>
/// The firehose's hand-written decoder against the classes generated from <c>telemetry.proto</c>: whatever the
/// generated parser reads, the decoder reads the same (<see cref="TelemetryReading.Of"/> of the parsed readings), and
/// it fails where the generated parser fails.
/// </summary>
public sealed class ReadingBatchDecoderTests
{
    private const string Sensor = "urn:ngsi-ld:TrafficFlowObserved:jinan:det-1";

    private static readonly Timestamp At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 5, 8, 30, 15, TimeSpan.Zero).AddTicks(1234567));

    public static TheoryData<string> Batches => new(Cases.Keys);

    private static readonly Dictionary<string, ReadingBatch> Cases = new()
    {
        ["one number"] = Batch(new Reading { EntityId = Sensor, Attribute = "intensity", Number = 420.5, UnitCode = "E50", ObservedAt = At }),
        ["every value case and none"] = Batch(
            new Reading { EntityId = Sensor, Attribute = "intensity", Number = -0.0, ObservedAt = At },
            new Reading { EntityId = Sensor, Attribute = "state", Text = "晴 clear ✓", ObservedAt = At },
            new Reading { EntityId = Sensor, Attribute = "congested", Flag = true, ObservedAt = At },
            new Reading { EntityId = Sensor, Attribute = "open", Flag = false, ObservedAt = At },
            new Reading { EntityId = Sensor, Attribute = "empty" }),
        ["odd numbers"] = Batch(
            new Reading { Attribute = "a", Number = double.NaN },
            new Reading { Attribute = "b", Number = double.PositiveInfinity },
            new Reading { Attribute = "c", Number = double.Epsilon },
            new Reading { Attribute = "d", Number = double.MaxValue }),
        ["no entity id, other entity ids"] = Batch(
            new Reading { Attribute = "intensity", Number = 1, ObservedAt = At },
            new Reading { EntityId = "urn:ngsi-ld:AirQualityObserved:jinan:aq-7", Attribute = "no2", Number = 2, ObservedAt = At },
            new Reading { EntityId = "urn:ngsi-ld:Building:jinan:大楼", Attribute = "load", Number = 3, ObservedAt = At }),
        ["timestamps at and past the ends"] = Batch(
            new Reading { Attribute = "before 1970", Number = 1, ObservedAt = new Timestamp { Seconds = -86_400, Nanos = 999_999_999 } },
            new Reading { Attribute = "year 1", Number = 1, ObservedAt = new Timestamp { Seconds = -62_135_596_800 } },
            new Reading { Attribute = "past 9999", Number = 1, ObservedAt = new Timestamp { Seconds = 300_000_000_000 } },
            new Reading { Attribute = "negative nanos", Number = 1, ObservedAt = new Timestamp { Seconds = 5, Nanos = -1 } },
            new Reading { Attribute = "zero", Number = 1, ObservedAt = new Timestamp() }),
        ["points, in range and not"] = Batch(
            new Reading { EntityId = Sensor, Attribute = "location", Point = new GeoPoint { Latitude = 36.66, Longitude = 117.02 }, ObservedAt = At },
            new Reading { Attribute = "location", Point = new GeoPoint { Latitude = -90, Longitude = 180 } },
            new Reading { Attribute = "location", Point = new GeoPoint() },
            new Reading { Attribute = "location", Point = new GeoPoint { Latitude = 91, Longitude = double.NaN } }),
        ["empty batch"] = new ReadingBatch(),
    };

    private static ReadingBatch Batch(params Reading[] readings)
    {
        var batch = new ReadingBatch();
        batch.Readings.Add(readings);
        return batch;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Reads_what_the_generated_parser_reads(string name)
    {
        var bytes = Cases[name].ToByteArray();
        AssertSameAsGenerated(bytes);
    }

    [Fact]
    public void Every_truncation_fails_where_the_generated_parser_fails_and_reads_the_same_where_it_does_not()
    {
        var bytes = Cases["every value case and none"].ToByteArray();
        for (var length = 0; length < bytes.Length; length++) AssertSameAsGenerated(bytes[..length]);
    }

    [Fact]
    public void Merges_as_protobuf_merges()
    {
        // Two batches end to end are one batch with both lists of readings.
        var first = Cases["one number"].ToByteArray();
        var second = Cases["no entity id, other entity ids"].ToByteArray();
        AssertSameAsGenerated([.. first, .. second]);

        // Two readings' bytes in one field are one reading: later fields win, the later oneof case replaces the earlier,
        // and a second observed_at merges into the first (here it sets nanos only, so the seconds stay).
        var a = new Reading { EntityId = Sensor, Attribute = "intensity", Text = "heavy", UnitCode = "E50", ObservedAt = new Timestamp { Seconds = 100, Nanos = 5 } }.ToByteArray();
        var b = new Reading { Attribute = "speed", Number = 7, ObservedAt = new Timestamp { Nanos = 9 } }.ToByteArray();
        var merged = ReadingField([.. a, .. b]);
        AssertSameAsGenerated(merged);
        var read = Decode(merged).Single();
        Assert.Equal(("speed", Reading.ValueOneofCase.Number, 7.0, "", "E50", 100L, 9), (read.Attribute, read.ValueCase, read.Number, read.Text, read.UnitCode, read.ObservedSeconds, read.ObservedNanos));
    }

    [Fact]
    public void A_point_seen_twice_merges_and_a_point_after_another_case_starts_empty()
    {
        // The second point sets only its latitude: the first's longitude stays, as protobuf merges a message field.
        var a = new Reading { Attribute = "location", Point = new GeoPoint { Latitude = 1, Longitude = 2 } }.ToByteArray();
        var b = new Reading { Point = new GeoPoint { Latitude = 3 } }.ToByteArray();
        var merged = ReadingField([.. a, .. b]);
        AssertSameAsGenerated(merged);
        var read = Decode(merged).Single();
        Assert.Equal((Reading.ValueOneofCase.Point, 3.0, 2.0), (read.ValueCase, read.Latitude, read.Longitude));

        // A number in between replaces the point; the point after it is a new one, with no longitude of the first.
        var number = new Reading { Number = 5 }.ToByteArray();
        var again = ReadingField([.. a, .. number, .. b]);
        AssertSameAsGenerated(again);
        read = Decode(again).Single();
        Assert.Equal((Reading.ValueOneofCase.Point, 3.0, 0.0, 0.0), (read.ValueCase, read.Latitude, read.Longitude, read.Number));
    }

    [Fact]
    public void A_point_is_in_range_only_as_a_finite_wgs84_position()
    {
        static bool InRange(double lat, double lon) =>
            TelemetryReading.Of(new Reading { Attribute = "location", Point = new GeoPoint { Latitude = lat, Longitude = lon } }).PointInRange;
        Assert.True(InRange(36.66, 117.02));
        Assert.True(InRange(-90, -180));
        Assert.True(InRange(90, 180));
        Assert.False(InRange(90.000001, 0));
        Assert.False(InRange(0, -180.5));
        Assert.False(InRange(double.NaN, 0));
        Assert.False(InRange(0, double.PositiveInfinity));
    }

    [Fact]
    public void Skips_unknown_fields_and_known_fields_of_another_wire_type_as_the_generated_parser_does()
    {
        var reading = new Reading { EntityId = Sensor, Attribute = "intensity", Number = 12, ObservedAt = At }.ToByteArray();
        byte[] unknown =
        [
            (15 << 3) | 0, 0x96, 0x01,                  // field 15, varint 150
            (14 << 3) | 2, 3, (byte)'a', (byte)'b', (byte)'c', // field 14, bytes
            (13 << 3) | 5, 1, 2, 3, 4,                  // field 13, fixed32
            0x80, 0x01, 0x07,                           // field 16 (a two-byte tag), varint 7
            (3 << 3) | 0, 0x2A,                         // number (3) sent as a varint: not a double, skipped
            (2 << 3) | 5, 1, 2, 3, 4,                   // attribute (2) sent as fixed32: skipped
        ];
        var withUnknown = ReadingField([.. reading, .. unknown]);
        AssertSameAsGenerated(withUnknown);
        Assert.Equal(12, Decode(withUnknown).Single().Number);
        // And at the batch level.
        AssertSameAsGenerated([(9 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8, .. Cases["one number"].ToByteArray()]);
    }

    [Fact]
    public void An_entity_id_equal_to_the_subject_is_the_subject_and_repeated_names_are_one_string()
    {
        var subject = new string(Sensor.AsSpan()); // not the literal the batch was made from
        var bytes = Cases["every value case and none"].ToByteArray();
        var first = Decode(bytes, subject);
        var second = Decode(bytes, subject);
        Assert.All(first, r => Assert.Same(subject, r.EntityId));
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Same(first[i].Attribute, second[i].Attribute);
            Assert.Same(first[i].UnitCode, second[i].UnitCode);
        }
        // Another subject: the id is read as its own string, equal in value.
        Assert.All(Decode(bytes, "urn:ngsi-ld:TrafficFlowObserved:jinan:det-2"), r => Assert.Equal(Sensor, r.EntityId));
    }

    [Fact]
    public void Refuses_text_that_is_not_utf8_and_groups_adding_nothing()
    {
        var badText = ReadingField([(2 << 3) | 2, 2, 0xC3, 0x28]); // attribute: an invalid two-byte sequence
        var group = ReadingField([(12 << 3) | 3, (12 << 3) | 4]);   // a start and end group (proto2 only)
        foreach (var bytes in new[] { badText, group })
        {
            var readings = new List<TelemetryReading> { TelemetryReading.Of(new Reading { Attribute = "kept" }) };
            var e = Assert.Throws<FormatException>(() => ReadingBatchDecoder.Decode(bytes, null, readings));
            Assert.StartsWith("protobuf:", e.Message);
            Assert.Equal("kept", Assert.Single(readings).Attribute);
        }
    }

    [Fact]
    public void Reads_a_slice_of_a_larger_buffer()
    {
        // Kafka hands the data as a slice of the whole message.
        var bytes = Cases["one number"].ToByteArray();
        var framed = new byte[bytes.Length + 10];
        bytes.CopyTo(framed, 7);
        var readings = new List<TelemetryReading>();
        ReadingBatchDecoder.Decode(framed.AsMemory(7, bytes.Length), null, readings);
        Assert.Equal(TelemetryReading.Of(Cases["one number"].Readings[0]), Assert.Single(readings));
    }

    [Fact]
    public void ObservedAt_is_the_instant_to_the_tick_and_its_range_is_the_timestamps()
    {
        var r = TelemetryReading.Of(new Reading { ObservedAt = At });
        Assert.True(r.ObservedAtInRange);
        Assert.Equal(At.ToDateTimeOffset(), r.ObservedAt);
        Assert.False(TelemetryReading.Of(new Reading { ObservedAt = new Timestamp { Seconds = 253_402_300_800 } }).ObservedAtInRange);
        Assert.True(TelemetryReading.Of(new Reading { ObservedAt = new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 } }).ObservedAtInRange);
        Assert.False(TelemetryReading.Of(new Reading { ObservedAt = new Timestamp { Nanos = 1_000_000_000 } }).ObservedAtInRange);
    }

    /// <summary>A batch of one reading whose field holds <paramref name="readingBytes"/> as they are.</summary>
    private static byte[] ReadingField(byte[] readingBytes)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        coded.WriteTag(1, WireFormat.WireType.LengthDelimited);
        coded.WriteBytes(ByteString.CopyFrom(readingBytes));
        coded.Flush();
        return output.ToArray();
    }

    private static List<TelemetryReading> Decode(byte[] bytes, string? subject = null)
    {
        var readings = new List<TelemetryReading>();
        ReadingBatchDecoder.Decode(bytes, subject, readings);
        return readings;
    }

    private static void AssertSameAsGenerated(byte[] bytes)
    {
        ReadingBatch? expected;
        try
        {
            expected = ReadingBatch.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            expected = null;
        }
        var readings = new List<TelemetryReading>();
        if (expected is null)
        {
            Assert.Throws<FormatException>(() => ReadingBatchDecoder.Decode(bytes, null, readings));
            Assert.Empty(readings);
            return;
        }
        Assert.Equal(expected.Readings.Count, ReadingBatchDecoder.Decode(bytes, null, readings));
        Assert.Equal(expected.Readings.Select(TelemetryReading.Of), readings);
    }
}
