using System.Text.Json;

namespace CityMesh.Messaging;

/// <summary>
/// What a dead-letter event on <c>&lt;topic&gt;.dlq</c> carries, whatever the transport: where it failed, why, and the
/// original event. Every transport dead-letters through <see cref="ToCloudEvent"/>, so DLQ readers see one shape.
/// </summary>
public sealed record DeadLetter(string Topic, string Subscriber, string Error, string Reason, CloudEvent Original)
{
    public const string EventType = "io.citymesh.deadletter";

    /// <summary>The dead-letter event for <paramref name="original"/>; its id is derived, so a repeat is recognisable.</summary>
    public static CloudEvent ToCloudEvent(string topic, string subscriber, Exception failure, CloudEvent original) =>
        ToCloudEvent(new DeadLetter(topic, subscriber, failure.GetType().Name, failure.Message, original));

    public static CloudEvent ToCloudEvent(DeadLetter letter) => letter.Original with
    {
        Id = letter.Original.Id + ":dlq:" + letter.Subscriber,
        Type = EventType,
        DataContentType = "application/json",
        Data = JsonSerializer.SerializeToElement(letter, JsonSerializerOptions.Web),
        BinaryData = ReadOnlyMemory<byte>.Empty,
    };
}
