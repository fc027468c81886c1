using System.Text.Json;
using CityMesh.Twin.Model;
using CityMesh.Twin.Ngsi.Codec;

namespace CityMesh.Sensors.Tests;

/// <summary>Entities as the twin read API sends them: NGSI-LD normalized, written by the twin's own codec.</summary>
internal static class TwinJson
{
    public static IReadOnlyList<JsonElement> Normalized(IEnumerable<Entity> entities) => [.. entities.Select(Normalized)];

    public static JsonElement Normalized(Entity entity)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, NgsiLdCodec.WriterOptions))
            NgsiLdCodec.WriteEntity(writer, entity, NgsiRepresentation.Normalized);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
