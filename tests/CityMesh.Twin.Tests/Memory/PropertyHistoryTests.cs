using CityMesh.Twin.Model;
using CityMesh.Twin.Storage.Memory;

namespace CityMesh.Twin.Tests.Memory;

public sealed class PropertyHistoryTests
{
    [Fact]
    public void Should_Keep_Time_Order_Whatever_The_Arrival_Order()
    {
        var history = new PropertyHistory();
        foreach (var t in new long[] { 5, 1, 3, 4, 2 }) history.Add(t, TwinValue.Of(t), null, depth: 10);
        Assert.Equal([1L, 2, 3, 4, 5], history.Entries.ToArray().Select(e => e.Ticks));
    }

    [Fact]
    public void Should_Drop_The_Oldest_Beyond_Its_Depth()
    {
        var history = new PropertyHistory();
        for (long t = 1; t <= 10; t++) history.Add(t, TwinValue.Of(t), null, depth: 4);
        Assert.Equal([7L, 8, 9, 10], history.Entries.ToArray().Select(e => e.Ticks));
        history.Add(2, TwinValue.Of(2), null, depth: 4); // older than all kept: nowhere to go
        Assert.Equal([7L, 8, 9, 10], history.Entries.ToArray().Select(e => e.Ticks));
        history.Add(8, TwinValue.Of(80), null, depth: 4); // same time: a correction replaces
        Assert.Equal(80, history.Entries[1].Value.Number);
        Assert.True(history.Contains(8, TwinValue.Of(80)));
        Assert.False(history.Contains(8, TwinValue.Of(8)));
    }
}
