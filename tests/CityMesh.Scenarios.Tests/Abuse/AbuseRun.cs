using System.Diagnostics;

namespace CityMesh.Scenarios.Tests.Abuse;

/// <summary>
/// Runs generated abuse cases from a fixed seed until a case count or a wall-clock budget is reached, whichever comes
/// first: the same cases on every machine, fewer on a slow one. Each case may throw only the project's own exceptions,
/// with a message, and may allocate only so much; anything else fails the test with the case's seed and input.
/// </summary>
internal static class AbuseRun
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    /// <summary>Allocation one case may make: generous for a 4 MiB document, far below what a bomb would take.</summary>
    public const long BytesPerCase = 512L << 20;

    /// <returns>How many cases ran.</returns>
    public static int Cases(int seed, int maxCases, Func<Random, string> generate, Action<string> run, Func<Exception, bool> expected)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        int count = 0;
        for (; count < maxCases && clock.Elapsed < Budget; count++)
        {
            var input = generate(random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                run(input);
            }
            catch (Exception e) when (expected(e))
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"case {count} (seed {seed}): {e.GetType().Name} without a message");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {count} (seed {seed}): {e.GetType().FullName}: {e.Message}{Environment.NewLine}input (whole in {Keep(input, seed, count)}): " +
                    $"{Snippet(input)}{Environment.NewLine}{e.StackTrace}");
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < BytesPerCase, $"case {count} (seed {seed}) allocated {allocated:N0} bytes; input: {Snippet(input)}");
        }
        return count;
    }

    /// <summary>Saves a failing input whole, to replay it: the message shows only its ends.</summary>
    private static string Keep(string input, int seed, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"citymesh-abuse-{seed}-{count}.txt");
        File.WriteAllText(path, input);
        return path;
    }

    private static string Snippet(string input) =>
        input.Length <= 600 ? Escape(input) : $"{Escape(input[..300])} ... ({input.Length:N0} chars) ... {Escape(input[^300..])}";

    private static string Escape(string s) => string.Concat(s.Select(c => char.IsControl(c) && c != '\n' ? $"\\u{(int)c:x4}" : c.ToString()));
}
