using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Spec = CityMesh.Messaging.Tests.Kafka.Spec;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>
/// The hand-written CloudEvents protobuf codec held to classes generated from the format's schema (cloudevents.proto):
/// what the bus writes, the schema reads, and what any protobuf CloudEvents producer writes, the bus reads.
/// </summary>
public sealed class CloudEventProtobufTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 5, 8, 30, 15, TimeSpan.FromHours(8)).AddTicks(1_234_567);

    private static CloudEvent Telemetry() => new()
    {
        Id = "evt-ü-1", Source = "/sensors/gateway-7", Type = "io.citymesh.telemetry.readings", Subject = "urn:ngsi-ld:TrafficFlowObserved:jinan:d1",
        Time = At, DataContentType = "application/protobuf", BinaryData = new byte[] { 0, 1, 2, 0xff, 0x80 },
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };

    private static CloudEvent Decoded(Message<byte[]?, byte[]> message)
    {
        Assert.True(KafkaCloudEventCodec.TryDecode(message, out var e, out var reason), reason);
        return e;
    }

    private static Message<byte[]?, byte[]> Protobuf(byte[] value) => new()
    {
        Value = value, Headers = new Headers { { KafkaCloudEventCodec.ContentTypeHeader, Encoding.UTF8.GetBytes(KafkaCloudEventCodec.ProtobufContentType) } },
    };

    [Fact]
    public void Writes_the_content_type_header_and_the_trace_and_a_value_the_schema_reads_attribute_for_attribute()
    {
        var sent = Telemetry();
        var message = KafkaCloudEventCodec.Encode(sent);

        Assert.Equal(sent.Subject, Encoding.UTF8.GetString(message.Key!));
        // A traced event: its trace in a header too, for Kafka tools that read headers, not CloudEvents.
        Assert.Equal([("content-type", "application/cloudevents+protobuf"), ("traceparent", sent.TraceParent)],
            message.Headers.Select(h => (h.Key, (string?)Encoding.UTF8.GetString(h.GetValueBytes()))));
        var read = Spec.CloudEvent.Parser.ParseFrom(message.Value);
        Assert.Equal((sent.Id, sent.Source, "1.0", sent.Type), (read.Id, read.Source, read.SpecVersion, read.Type));
        Assert.Equal(sent.Subject, read.Attributes["subject"].CeString);
        Assert.Equal(sent.DataContentType, read.Attributes["datacontenttype"].CeString);
        Assert.Equal(sent.TraceParent, read.Attributes["traceparent"].CeString);
        Assert.Equal(sent.Time, read.Attributes["time"].CeTimestamp.ToDateTimeOffset());
        Assert.Equal(Spec.CloudEvent.DataOneofCase.BinaryData, read.DataCase);
        Assert.Equal(sent.BinaryData.ToArray(), read.BinaryData.ToByteArray());
        Assert.Equal(4, read.Attributes.Count);
    }

    [Fact]
    public void Writes_json_data_as_text_data_and_leaves_out_absent_attributes()
    {
        var data = JsonDocument.Parse("""{"road":"r1","lanes":2,"note":"ü \"q\""}""").RootElement.Clone();
        var sent = new CloudEvent { Id = "j", Source = "/s", Type = "t", Time = DateTimeOffset.UnixEpoch, Data = data };

        var read = Spec.CloudEvent.Parser.ParseFrom(KafkaCloudEventCodec.Encode(sent).Value);

        Assert.Equal(Spec.CloudEvent.DataOneofCase.TextData, read.DataCase);
        Assert.Equal(data.GetRawText(), read.TextData);
        Assert.False(read.Attributes.ContainsKey("subject"));
        Assert.False(read.Attributes.ContainsKey("traceparent"));
        Assert.Equal(DateTimeOffset.UnixEpoch, read.Attributes["time"].CeTimestamp.ToDateTimeOffset());
        Assert.Equal(data.GetRawText(), Decoded(KafkaCloudEventCodec.Encode(sent)).Data.GetRawText());
    }

    [Theory]
    [InlineData("1969-07-20T20:17:40.0000001Z")] // before the epoch: seconds negative, nanos still forward
    [InlineData("2026-12-05T08:30:15.9999999-03:30")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void Reads_back_its_own_events_with_the_same_instant(string time)
    {
        var sent = Telemetry() with { Time = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture) };
        var read = Decoded(KafkaCloudEventCodec.Encode(sent));

        Assert.Equal((sent.Id, sent.Source, sent.Type, sent.Subject, sent.DataContentType, sent.TraceParent),
            (read.Id, read.Source, read.Type, read.Subject, read.DataContentType, read.TraceParent));
        Assert.Equal(sent.Time, read.Time); // the instant; the format keeps no offset, so it reads back as UTC
        Assert.Equal(TimeSpan.Zero, read.Time.Offset);
        Assert.Equal(sent.BinaryData.ToArray(), read.BinaryData.ToArray());
        Assert.Equal(Spec.CloudEvent.Parser.ParseFrom(KafkaCloudEventCodec.Encode(sent).Value).Attributes["time"].CeTimestamp,
            Timestamp.FromDateTimeOffset(sent.Time));
    }

    [Fact]
    public void Reads_what_another_producer_writes_extensions_proto_data_and_unknown_fields_included()
    {
        var other = new Spec.CloudEvent { Id = "x-1", Source = "urn:other", SpecVersion = "1.0", Type = "com.example.reading", TextData = """{"v":1.5}""" };
        other.Attributes["subject"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeString = "urn:ngsi-ld:Device:x:1" };
        other.Attributes["time"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeTimestamp = Timestamp.FromDateTimeOffset(At) };
        other.Attributes["datacontenttype"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeString = "application/json" };
        other.Attributes["sequence"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeInteger = 42 };
        other.Attributes["sampled"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeBoolean = true };
        other.Attributes["dataschema"] = new Spec.CloudEvent.Types.CloudEventAttributeValue { CeUri = "https://example.com/s" };
        // A field a later version of the schema might add (number 20, varint): skipped, not refused.
        var bytes = other.ToByteArray().Concat(new byte[] { 0xa0, 0x01, 0x96, 0x01 }).ToArray();

        var read = Decoded(Protobuf(bytes));

        Assert.Equal(("x-1", "urn:other", "com.example.reading", "urn:ngsi-ld:Device:x:1"), (read.Id, read.Source, read.Type, read.Subject));
        Assert.Equal(At, read.Time);
        Assert.Equal(1.5, read.Data.GetProperty("v").GetDouble());

        var proto = new Spec.CloudEvent { Id = "p", Source = "/s", SpecVersion = "1.0", Type = "t", ProtoData = Any.Pack(new StringValue { Value = "hi" }) };
        var withProto = Decoded(Protobuf(proto.ToByteArray()));
        Assert.Equal("application/protobuf", withProto.DataContentType);
        Assert.Equal("hi", StringValue.Parser.ParseFrom(withProto.BinaryData.Span).Value);
    }

    [Fact]
    public void Refuses_events_without_required_attributes_an_unknown_spec_version_or_broken_bytes_with_the_reason()
    {
        var noId = new Spec.CloudEvent { Source = "/s", SpecVersion = "1.0", Type = "t" };
        Assert.False(KafkaCloudEventCodec.TryDecode(Protobuf(noId.ToByteArray()), out _, out var reason));
        Assert.Contains("id, source or type", reason);

        var old = new Spec.CloudEvent { Id = "i", Source = "/s", SpecVersion = "0.3", Type = "t" };
        Assert.False(KafkaCloudEventCodec.TryDecode(Protobuf(old.ToByteArray()), out _, out reason));
        Assert.Contains("'0.3'", reason);

        var whole = KafkaCloudEventCodec.Encode(Telemetry()).Value;
        for (var cut = 1; cut < whole.Length; cut++)
        {
            // Every truncation is either refused with a reason or (cut inside optional trailing data) never throws.
            var ok = KafkaCloudEventCodec.TryDecode(Protobuf(whole[..cut]), out _, out reason);
            if (!ok) Assert.False(string.IsNullOrEmpty(reason));
        }
        Assert.False(KafkaCloudEventCodec.TryDecode(Protobuf(whole[..(whole.Length - 2)]), out _, out reason));
        Assert.Contains("past the end", reason);

        var batch = new Message<byte[]?, byte[]> { Value = whole, Headers = new Headers { { "content-type", "application/cloudevents-batch+protobuf"u8.ToArray() } } };
        Assert.False(KafkaCloudEventCodec.TryDecode(batch, out _, out reason));
        Assert.Contains("batch", reason);
    }

    [Fact]
    public void Every_format_the_bus_writes_is_read_whatever_the_reader_writes()
    {
        var json = CloudEvent.Create("/road", "io.citymesh.road.closed", new { road = "r1" }, "urn:ngsi-ld:RoadSegment:jinan:r1");
        foreach (var format in System.Enum.GetValues<KafkaEventFormat>())
        {
            foreach (var sent in new[] { Telemetry(), json })
            {
                var read = Decoded(KafkaCloudEventCodec.Encode(sent, format));
                Assert.Equal((sent.Id, sent.Type, sent.Subject, sent.Time), (read.Id, read.Type, read.Subject, read.Time));
                if (sent.HasJsonData) Assert.Equal(sent.Data.GetRawText(), read.Data.GetRawText());
                else Assert.Equal(sent.BinaryData.ToArray(), read.BinaryData.ToArray());
            }
        }
    }
}
