using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace CityMesh.Kubernetes.Fake;

/// <summary>
/// An open watch. Events and bookmarks are queued under the store's lock, so a bookmark's resourceVersion is never
/// ahead of an event still waiting to be sent.
/// </summary>
internal sealed class FakeWatcher(FakeResourceType type, string? ns, FakeLabelSelector? selector)
{
    public Channel<JsonObject> Events { get; } = Channel.CreateUnbounded<JsonObject>();

    public FakeResourceType Type => type;

    public bool Matches(FakeResourceType t, JsonObject obj) =>
        t == type
        && (ns is null || obj["metadata"]?["namespace"]?.GetValue<string>() == ns)
        && (selector is null || selector.Matches(obj));

    public static JsonObject Event(string type, JsonObject obj) => new() { ["type"] = type, ["object"] = obj.DeepClone() };
}
