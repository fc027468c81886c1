using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// One of our events as a bulk-publish entry. <c>DaprClient.BulkPublishEventAsync</c> sends an entry as
/// <c>application/cloudevents+json</c> only when it is a <see cref="global::Dapr.CloudEvent"/>, and the sidecar keeps
/// such an envelope as it is (ids and attributes survive); any other value it wraps in an envelope of its own. So the
/// entry derives from the SDK's type, and its converter writes our whole envelope, binary data included.
/// </summary>
[JsonConverter(typeof(DaprEnvelopeConverter))]
internal sealed class DaprEnvelope(CloudEvent e) : global::Dapr.CloudEvent
{
    public CloudEvent Event => e;
}

internal sealed class DaprEnvelopeConverter : JsonConverter<DaprEnvelope>
{
    public override DaprEnvelope Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("envelopes are only published");

    public override void Write(Utf8JsonWriter writer, DaprEnvelope value, JsonSerializerOptions options) =>
        DaprCloudEventJson.Write(writer, value.Event);
}
