namespace CityMesh.Messaging.Tests;

/// <summary>Which content types put an event's payload in <see cref="CloudEvent.Data"/> (JSON) rather than <see cref="CloudEvent.BinaryData"/>.</summary>
public sealed class CloudEventContentTypeTests
{
    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("application/cloudevents+json", true)]
    [InlineData("application/geo+json ; charset=utf-8", true)]
    [InlineData("application/ld+json", true)]
    [InlineData("application/protobuf; messageType=citymesh.telemetry.v1.ReadingBatch", false)]
    [InlineData("application/protobuf; note=+json", false)] // a parameter is not the media type
    [InlineData("application/octet-stream", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonl", false)]
    [InlineData("", false)]
    public void The_media_type_decides(string contentType, bool json)
    {
        Assert.Equal(json, CloudEvent.IsJson(contentType));
        Assert.Equal(json, new CloudEvent { Id = "1", Source = "s", Type = "t", DataContentType = contentType }.HasJsonData);
    }
}
