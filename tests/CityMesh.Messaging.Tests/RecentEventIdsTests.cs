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

    [Fact]
    public void Should_Tell_Apart_Ids_That_Differ_In_One_Character_In_Case_Or_In_Normalisation()
    {
        var ids = new RecentEventIds(capacity: 10);
        foreach (var id in new[] { "b1", "b2", "B1", "b1 ", "\u00e9", "e\u0301", "" }) Assert.True(ids.TryAdd(id), id);
        Assert.False(ids.TryAdd(new string(['b', '1']))); // equal text, another string object
        Assert.Equal(RecentEventIds.Fingerprint("b1"), RecentEventIds.Fingerprint(new string(['b', '1'])));
    }

    [Fact]
    public void Should_Hold_A_Whole_Window_Of_Distinct_Ids_Without_Mistaking_One_For_Another()
    {
        const int window = 200_000;
        var ids = new RecentEventIds(window);
        for (var i = 0; i < window; i++) Assert.True(ids.TryAdd($"evt-{i}"));
        for (var i = 0; i < window; i++) Assert.True(ids.Contains($"evt-{i}"));
        Assert.False(ids.Contains($"evt-{window}"));
        ids.AddAll([RecentEventIds.Fingerprint($"evt-{window}"), RecentEventIds.Fingerprint("evt-0")]);
        Assert.True(ids.Contains($"evt-{window}"));
        // evt-0, the oldest, made room for the new one, came back as new, and pushed out evt-1, the next oldest.
        Assert.True(ids.Contains("evt-0"));
        Assert.False(ids.Contains("evt-1"));
    }
}
