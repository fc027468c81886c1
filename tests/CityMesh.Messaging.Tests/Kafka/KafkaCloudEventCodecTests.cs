using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Kafka;
using Confluent.Kafka;

namespace CityMesh.Messaging.Tests.Kafka;

/// <summary>The binary-mode codec (ce_ headers) without a broker: what it writes reads back the same, however attributes vary.</summary>
public sealed class KafkaCloudEventCodecTests
{
    private static CloudEvent Decoded(Message<byte[]?, byte[]> message)
    {
        Assert.True(KafkaCloudEventCodec.TryDecode(message, out var e, out var reason), reason);
        return e;
    }

    private static CloudEvent Binary(int i, string source, string type, DateTimeOffset time) => new()
    {
        Id = $"e{i}", Source = source, Type = type, Subject = $"urn:ngsi-ld:Sensor:jinan:s{i}", Time = time,
        DataContentType = "application/protobuf", BinaryData = new byte[] { (byte)i, 2, 3 },
    };

    [Fact]
    public void Should_Read_Back_Every_Attribute_When_Sources_And_Types_Change_From_Event_To_Event()
    {
        var sent = new[]
        {
            Binary(1, "/a", "t.one", new DateTimeOffset(2026, 11, 21, 8, 0, 0, 250, TimeSpan.Zero)),
            Binary(2, "/a", "t.one", new DateTimeOffset(2026, 11, 21, 8, 0, 1, TimeSpan.FromHours(8))),
            Binary(3, "/b", "t.two", new DateTimeOffset(2026, 11, 21, 8, 0, 2, TimeSpan.FromMinutes(-210))),
            Binary(4, "/a", "t.one", new DateTimeOffset(2026, 11, 21, 8, 0, 3, TimeSpan.Zero)) with { TraceParent = "00-1-2-01" },
        };
        foreach (var e in sent)
        {
            var read = Decoded(KafkaCloudEventCodec.Encode(e, KafkaEventFormat.Binary));
            Assert.Equal((e.Id, e.Source, e.Type, e.Subject, e.DataContentType, e.TraceParent), (read.Id, read.Source, read.Type, read.Subject, read.DataContentType, read.TraceParent));
            Assert.Equal(e.Time, read.Time);
            Assert.Equal(e.Time.Offset, read.Time.Offset);
            Assert.Equal(e.BinaryData.ToArray(), read.BinaryData.ToArray());
        }
    }

    [Theory]
    [InlineData("2026-11-21T08:00:00Z", "2026-11-21T08:00:00+00:00")]
    [InlineData("2026-11-21T08:00:00.5+08:00", "2026-11-21T08:00:00.5+08:00")]
    [InlineData("2026-11-21T08:00:00.1234567Z", "2026-11-21T08:00:00.1234567+00:00")]
    [InlineData("2026-11-21T08:00:00.1234567-03:30", "2026-11-21T08:00:00.1234567-03:30")]
    public void Should_Read_Times_Other_Producers_Write_In_Any_RFC3339_Form(string written, string expected)
    {
        var message = KafkaCloudEventCodec.Encode(Binary(1, "/a", "t", DateTimeOffset.UnixEpoch), KafkaEventFormat.Binary);
        message.Headers.Remove(KafkaCloudEventCodec.TimeHeader);
        message.Headers.Add(KafkaCloudEventCodec.TimeHeader, Encoding.UTF8.GetBytes(written));

        var time = Decoded(message).Time;

        var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((want, want.Offset), (time, time.Offset));
    }

    [Fact]
    public void Should_Write_Json_Data_As_It_Was_Parsed()
    {
        var data = JsonDocument.Parse("""{"id":"x","n":1.50,"s":"ü"}""").RootElement.Clone();
        var message = KafkaCloudEventCodec.Encode(new CloudEvent { Id = "j", Source = "/s", Type = "t", Data = data }, KafkaEventFormat.Binary);

        Assert.Equal("""{"id":"x","n":1.50,"s":"ü"}""", Encoding.UTF8.GetString(message.Value));
        Assert.Equal(data.GetRawText(), Decoded(message).Data.GetRawText());
    }

    [Theory]
    [InlineData(KafkaEventFormat.Protobuf)]
    [InlineData(KafkaEventFormat.Binary)]
    [InlineData(KafkaEventFormat.Json)]
    public void Should_Send_Json_Text_As_Given_And_Parse_It_Only_When_Read(KafkaEventFormat format)
    {
        const string text = """{"changes":[{"id":"urn:a","n":1.50,"s":"\u00fc"},{"id":"urn:b"}]}""";
        var e = new CloudEvent { Id = "t", Source = "/s", Type = "t", DataUtf8 = Encoding.UTF8.GetBytes(text) };

        Assert.Equal(text, Encoding.UTF8.GetString(e.JsonUtf8()));
        var decoded = Decoded(KafkaCloudEventCodec.Encode(e, format));
        Assert.Equal(text, decoded.Data.GetRawText()); // the very text: not parsed and written again
        Assert.Equal("urn:b", e.Data.GetProperty("changes")[1].GetProperty("id").GetString()); // parsed on reading
        Assert.Equal(text, (e with { Id = "u" }).Data.GetRawText());
        Assert.Equal("x", (e with { Data = JsonDocument.Parse("\"x\"").RootElement.Clone() }).Data.GetString());
        Assert.Contains("\"changes\"", Messaging.Dapr.DaprCloudEventJson.Read(JsonDocument.Parse(Messaging.Dapr.DaprCloudEventJson.Serialize(e)).RootElement)
            .Data.GetRawText());
        Assert.Contains("urn:b", JsonSerializer.Serialize(e, JsonSerializerOptions.Web)); // inside a dead letter, say
    }

    [Fact]
    public void Should_Refuse_An_Unsupported_Spec_Version_And_Events_Without_An_Id()
    {
        var message = KafkaCloudEventCodec.Encode(Binary(1, "/a", "t", DateTimeOffset.UnixEpoch), KafkaEventFormat.Binary);
        message.Headers.Add(KafkaCloudEventCodec.SpecVersionHeader, Encoding.UTF8.GetBytes("0.3"));
        Assert.False(KafkaCloudEventCodec.TryDecode(message, out _, out var reason));
        Assert.Contains("'0.3'", reason);

        var anonymous = KafkaCloudEventCodec.Encode(Binary(1, "/a", "t", DateTimeOffset.UnixEpoch), KafkaEventFormat.Binary);
        anonymous.Headers.Remove(KafkaCloudEventCodec.IdHeader);
        Assert.False(KafkaCloudEventCodec.TryDecode(anonymous, out _, out reason));
        Assert.Contains("ce_id", reason);
    }
}
