using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CityMesh.Twin.Query;

/// <summary>
/// The time one query's regular expressions may take (idPattern and q's <c>~=</c>), summed over every entity they are
/// tested against. A per-match timeout alone lets a crafted pattern spend it again on each of thousands of entities.
/// Only the time inside matches counts (two timestamps per match); each match runs with what is left as its timeout,
/// so the sum never exceeds the budget. One query evaluates on one thread: a budget and its patterns are not shared.
/// </summary>
public sealed class RegexBudget(TimeSpan total)
{
    private long _spentTicks;
    private Dictionary<string, Pattern>? _qPatterns;

    public TimeSpan Total { get; } = total;

    /// <summary>Compiles <paramref name="pattern"/> once for this query.</summary>
    /// <param name="parameter">The request parameter it came from, named when the budget runs out.</param>
    public Pattern Compile(string pattern, string parameter) => new(this, pattern, parameter);

    /// <summary>The compiled form of a q pattern, made on first use (q names few patterns; each is compiled once).</summary>
    public Pattern ForQ(string pattern)
    {
        _qPatterns ??= new(StringComparer.Ordinal);
        if (!_qPatterns.TryGetValue(pattern, out var compiled)) _qPatterns[pattern] = compiled = Compile(pattern, "q");
        return compiled;
    }

    private TimeSpan Remaining(string parameter)
    {
        var left = Total - TimeSpan.FromSeconds((double)_spentTicks / Stopwatch.Frequency);
        return left > TimeSpan.Zero ? left : throw new QueryPatternException(parameter, Exhausted);
    }

    private string Exhausted => Spent(Total);

    /// <summary>Why a query was refused when its patterns spent <paramref name="budget"/> (in any store).</summary>
    public static string Spent(TimeSpan budget) =>
        $"the regular expressions of this query took more than {budget.TotalMilliseconds:0} ms in all, over every entity they were " +
        "tested against; narrow the query (type, id) or simplify the pattern";

    /// <summary>
    /// A regex whose timeout is set before each match. <see cref="Regex"/> reads its timeout field when a match starts,
    /// so one instance serves the whole query with no allocation per entity; the static
    /// <see cref="Regex.IsMatch(string, string, RegexOptions, TimeSpan)"/> would instead cache an instance per distinct
    /// timeout.
    /// </summary>
    public sealed class Pattern : Regex
    {
        private readonly RegexBudget _budget;
        private readonly string _parameter;

        internal Pattern(RegexBudget budget, string pattern, string parameter)
            : base(pattern, RegexOptions.CultureInvariant, budget.Total)
        {
            _budget = budget;
            _parameter = parameter;
        }

        /// <exception cref="QueryPatternException">The query's budget is spent.</exception>
        public bool Test(string input)
        {
            internalMatchTimeout = _budget.Remaining(_parameter);
            var start = Stopwatch.GetTimestamp();
            try
            {
                return IsMatch(input);
            }
            catch (RegexMatchTimeoutException)
            {
                // The regex's own clock (coarser than ours) says the time left is gone: it is, whatever ours measured.
                _budget._spentTicks = long.MaxValue / 2;
                throw new QueryPatternException(_parameter, _budget.Exhausted);
            }
            finally
            {
                if (_budget._spentTicks < long.MaxValue / 2) _budget._spentTicks += Stopwatch.GetTimestamp() - start;
            }
        }
    }
}
