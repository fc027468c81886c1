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

    /// <summary>
    /// Against the rule itself (the newest <c>depth</c> distinct instants, a repeat replacing, one older than all kept
    /// when full dropped), on seeded arrivals mostly in order with late and repeated ones, edits between: the sliding
    /// window keeps exactly what the rule keeps, through many slides and compactions.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(400)]
    public void Should_Keep_What_The_Rule_Keeps_Through_Many_Slides(int depth)
    {
        var history = new PropertyHistory();
        var rule = new SortedDictionary<long, double>();
        var random = new Random(depth);
        long clock = 0;
        for (var n = 0; n < 20 * depth + 50; n++)
        {
            clock += 1 + random.Next(3);
            long t = random.Next(10) switch { 0 => clock - random.Next(2 * depth + 2), 1 => clock - 1, _ => clock };
            double v = random.Next(1000);
            history.Add(t, TwinValue.Of(v), null, depth);
            if (rule.ContainsKey(t)) rule[t] = v;
            else if (rule.Count < depth) rule[t] = v;
            else if (t > rule.Keys.First()) { rule.Remove(rule.Keys.First()); rule[t] = v; }
            if (n % 97 == 0 && rule.Count > 2)
            {
                // The temporal API's edits: replace one instance, delete another.
                var replaced = rule.Keys.ElementAt(rule.Count / 2);
                history.Replace(history.IndexOf(replaced), TwinValue.Of(-1.0), null);
                rule[replaced] = -1;
                var removed = rule.Keys.First();
                history.RemoveAt(history.IndexOf(removed));
                rule.Remove(removed);
            }
            Assert.Equal(rule.Keys, history.Entries.ToArray().Select(e => e.Ticks));
        }
        Assert.Equal(rule.Values, history.Entries.ToArray().Select(e => e.Value.Number));
        Assert.True(history.Contains(rule.Keys.Last(), TwinValue.Of(rule.Values.Last())));
    }
}
