using CityMesh.Contracts.Twin;
using CityMesh.Twin.Changes;

namespace CityMesh.Twin.Tests.Changes;

/// <summary>What every <see cref="ITwinChangeLog"/> promises: order, resumption from any position it holds, gone positions refused.</summary>
public abstract class TwinChangeLogContract
{
    protected abstract Task<ITwinChangeLog> CreateAsync();

    protected static string Entity(int n, string type = "TrafficFlowObserved") => $"urn:ngsi-ld:{type}:test:{n}";

    protected static TwinChange ChangeOf(int n, string type = "TrafficFlowObserved") =>
        new(Entity(n, type), type, TwinChangeKind.Updated, new Dictionary<string, object?> { ["flow"] = (double)n })
        {
            ObservedAt = new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero).AddSeconds(n),
        };

    /// <summary>The change as the twin writes it, which is what the log takes.</summary>
    protected static ChangeText Change(int n, string type = "TrafficFlowObserved") =>
        new(Entity(n, type), type, System.Text.Json.JsonSerializer.Serialize(ChangeOf(n, type), TwinChange.Json));

    [Fact]
    public async Task Reads_changes_after_a_position_in_the_order_they_were_appended_with_their_data()
    {
        var log = await CreateAsync();
        var start = await log.HeadAsync();
        await log.AppendAsync([Change(1), Change(2)]);
        await log.AppendAsync([Change(3)]);

        var all = await log.ReadAfterAsync(start, 100);
        Assert.Equal(["urn:ngsi-ld:TrafficFlowObserved:test:1", "urn:ngsi-ld:TrafficFlowObserved:test:2", "urn:ngsi-ld:TrafficFlowObserved:test:3"],
            all.Select(c => c.Change.Id));
        Assert.True(all[0].Position.Sequence < all[1].Position.Sequence && all[1].Position.Sequence < all[2].Position.Sequence);
        Assert.Equal(TwinChangeKind.Updated, all[2].Change.Change);
        Assert.Equal((Entity(3), "TrafficFlowObserved"), (all[2].EntityId, all[2].EntityType));
        Assert.Equal(ChangeOf(3).ObservedAt, all[2].Change.ObservedAt);
        Assert.Equal(3.0, Convert.ToDouble(all[2].Change.Attributes["flow"] is System.Text.Json.JsonElement j ? j.GetDouble() : all[2].Change.Attributes["flow"]));
        Assert.Equal(all[2].Position, await log.HeadAsync());
    }

    [Fact]
    public async Task Resumes_from_any_position_it_gave_and_reads_in_pages()
    {
        var log = await CreateAsync();
        var start = await log.HeadAsync();
        await log.AppendAsync([.. Enumerable.Range(1, 7).Select(n => Change(n))]);

        var first = await log.ReadAfterAsync(start, 3);
        Assert.Equal(3, first.Count);
        var rest = await log.ReadAfterAsync(first[^1].Position, 100);
        Assert.Equal(Enumerable.Range(4, 4).Select(n => Entity(n)), rest.Select(c => c.Change.Id));
        Assert.Empty(await log.ReadAfterAsync(rest[^1].Position, 100));
    }

    [Fact]
    public async Task A_position_of_another_log_or_past_its_end_is_gone_and_says_why()
    {
        var log = await CreateAsync();
        await log.AppendAsync([Change(1)]);
        var head = await log.HeadAsync();

        var other = await Assert.ThrowsAsync<ChangePositionGoneException>(() => log.ReadAfterAsync(head with { Epoch = "elsewhere" }, 10));
        Assert.Contains("another change log", other.Message);
        var future = await Assert.ThrowsAsync<ChangePositionGoneException>(() => log.ReadAfterAsync(head with { Sequence = head.Sequence + 5 }, 10));
        Assert.Contains("ends at", future.Message);
    }

    [Fact]
    public async Task Wait_completes_when_a_change_is_appended_and_at_once_when_one_is_already_there()
    {
        var log = await CreateAsync();
        var head = await log.HeadAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var waiting = log.WaitAsync(head, timeout.Token);
        await log.AppendAsync([Change(1)]);
        await waiting;
        Assert.Single(await log.ReadAfterAsync(head, 10));
        await log.WaitAsync(head, timeout.Token); // already there: no wait
        Assert.False(timeout.IsCancellationRequested);
    }

    [Fact]
    public async Task Concurrent_appenders_never_make_a_reader_skip_a_change()
    {
        var log = await CreateAsync();
        var start = await log.HeadAsync();
        var seen = new List<string>();
        var position = start;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await log.AppendAsync([Change(w * 1000 + i)]);
        })).ToArray();
        // Read while the writers write: positions must come in order with nothing appearing behind the reader.
        while (!writers.All(t => t.IsCompleted) || (await log.HeadAsync()).Sequence > position.Sequence)
        {
            var changes = await log.ReadAfterAsync(position, 7);
            seen.AddRange(changes.Select(c => c.Change.Id));
            if (changes.Count > 0) position = changes[^1].Position;
        }
        await Task.WhenAll(writers);
        Assert.Equal(100, seen.Count);
        Assert.Equal(100, seen.Distinct().Count());
    }
}

public sealed class MemoryTwinChangeLogTests : TwinChangeLogContract
{
    protected override Task<ITwinChangeLog> CreateAsync() => Task.FromResult<ITwinChangeLog>(new MemoryTwinChangeLog(1000));

    [Fact]
    public async Task Keeps_the_newest_capacity_changes_and_a_position_before_them_is_gone_naming_the_setting()
    {
        var log = new MemoryTwinChangeLog(capacity: 4);
        var start = await log.HeadAsync();
        await log.AppendAsync([.. Enumerable.Range(1, 6).Select(n => Change(n))]);

        var gone = await Assert.ThrowsAsync<ChangePositionGoneException>(() => log.ReadAfterAsync(start, 10));
        Assert.Contains("CityMesh:Twin:ChangeLogCapacity", gone.Message);
        var held = await log.ReadAfterAsync(start with { Sequence = 2 }, 10);
        Assert.Equal(Enumerable.Range(3, 4).Select(n => Entity(n)), held.Select(c => c.Change.Id));
    }
}
