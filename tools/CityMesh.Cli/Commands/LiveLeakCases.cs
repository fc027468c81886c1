using CityMesh.Safety.Water;
using CityMesh.Sensors.Water;
using CityMesh.Simulation;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Cli.Commands;

/// <summary>
/// Labelled cases drawn along the live path rather than the data set's: the meters a seeded network gets
/// (<see cref="WaterMeters.Plan"/>), read from the sensors' running field (<see cref="WaterField"/>, a day's warm-up
/// unread, then three days at 15 minutes) and gathered as safety's leak watch gathers the twin's history
/// (<see cref="LeakReadings.Gather"/>) at one of the watch's looks, 06:00 on the fourth day: two training days, then
/// the watched day, in which a leak (3–15 % of the mean inflow, on a random pipe) opens at a random step of its first
/// 16 hours, so the locator's 6 hours and the night before the look fall after it, as they do for the live watch.
/// </summary>
internal static class LiveLeakCases
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The look's time of day: the watched day's night falls before it.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromHours(6);

    /// <summary>Seconds on the cases' clock (from the first step's midnight) where training starts and ends.</summary>
    public static long TrainingStart => (long)Look.TotalSeconds + LeakReadings.Step;

    public static long TrainingEnd => TrainingStart + 2 * 86400L;

    public static (IReadOnlyList<LeakCase> Cases, WaterMeters Meters, double MeanInflow) Draw(WaterNetwork net, int leaks, int controls, int seed, CancellationToken ct)
    {
        var meters = WaterMeters.Plan(net, "eval");
        var pipes = WaterField.LeakablePipes(net).Order(StringComparer.Ordinal).ToList();
        var baseline = new HydraulicSimulation(net).Begin(0).State;
        var cases = new LeakCase[leaks + controls];
        double meanInflow = 0;
        Parallel.For(0, cases.Length, new ParallelOptions { CancellationToken = ct }, k =>
        {
            var random = SeededRandom.For(seed, $"live-leak-{k}");
            var field = new WaterField(net, meters, "eval", TimeSpan.Zero, seed * 1000 + k);
            field.Start(Midnight);
            foreach (var _ in field.AdvanceTo(Midnight.AddDays(1))) { }
            string? pipe = null;
            DateTimeOffset? start = null;
            if (k < leaks)
            {
                pipe = random.Pick(pipes);
                start = Midnight.AddDays(3).Add(Look).AddSeconds(Math.Floor(random.Next(0.0, 16.0 * 3600) / LeakReadings.Step) * LeakReadings.Step);
                field.OpenLeak(pipe, random.Next(0.03, 0.15), start.Value);
            }
            var series = new Dictionary<string, SortedList<DateTimeOffset, double>>(StringComparer.Ordinal);
            foreach (var (_, readings) in field.AdvanceTo(Midnight.AddDays(4).Add(Look)))
                foreach (var r in readings)
                {
                    var device = r.EntityId[(r.EntityId.LastIndexOf(':') + 1)..];
                    if (!series.TryGetValue(device, out var s)) series[device] = s = [];
                    s[r.ObservedAt.ToDateTimeOffset()] = r.ValueCase == Messaging.Telemetry.Reading.ValueOneofCase.Flag ? (r.Flag ? 1 : 0) : r.Number;
                }
            var (live, problem) = LeakReadings.Gather(net, meters, series, Midnight.AddDays(1).Add(Look).AddSeconds(LeakReadings.Step), Midnight.AddDays(4).Add(Look),
                TimeSpan.Zero, baseline);
            if (live is null) throw new InvalidOperationException($"case {k}: {problem}");
            double mean = field.MeanInflowLitresPerSecond / 1e3, flow = (field.Leak?.FlowLitresPerSecond ?? 0) / 1e3;
            meanInflow = mean;
            cases[k] = live with
            {
                Index = k, Pipe = pipe, LeakFlow = flow, Share = flow / mean,
                Start = start is { } at ? (long)(at - Midnight.AddDays(1)).TotalSeconds : null,
            };
        });
        return (cases, meters, meanInflow);
    }
}
