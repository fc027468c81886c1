using CityMesh.Messaging.Idempotency;

namespace CityMesh.Messaging.Tests;

public sealed class RecentEventIdsTests
{
    [Fact]
    public void Should_Recognise_Repeats_And_Forget_The_Oldest_Beyond_Capacity()
    {
        var ids = new RecentEventIds(capacity: 3);
        Assert.True(ids.TryAdd("a"));
        Assert.False(ids.TryAdd("a"));
        Assert.True(ids.TryAdd("b"));
        Assert.True(ids.TryAdd("c"));
        Assert.True(ids.TryAdd("d")); // "a" falls out of the window
        Assert.False(ids.Contains("a"));
        Assert.True(ids.Contains("b") && ids.Contains("c") && ids.Contains("d"));
    }

    [Fact]
    public void Should_Keep_An_Id_Added_Again_After_Removal_For_A_Whole_Window()
    {
        var ids = new RecentEventIds(capacity: 3);
        ids.TryAdd("a");
        ids.Remove("a"); // its handler failed: a redelivery must be handled again
        Assert.True(ids.TryAdd("a"));
        ids.TryAdd("b");
        ids.TryAdd("c");
        // The stale first entry for "a" is evicted first; the re-added "a" is still within the last three.
        Assert.True(ids.Contains("a"));
        ids.TryAdd("d");
        Assert.False(ids.Contains("a"));
        Assert.True(ids.Contains("b") && ids.Contains("c") && ids.Contains("d"));
    }
}
