using System.Text.Json;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Query;

/// <summary>
/// Evaluates q against one entity. A term on a missing attribute is false (also for <c>!=</c>, as NGSI-LD says).
/// Numbers compare with numbers, text with text (ordinal, so ISO date-times order correctly), booleans by equality.
/// </summary>
public static class QueryEvaluator
{
    /// <param name="resolve">The attribute's value (a relationship's target id as text), or null when absent.</param>
    /// <param name="patterns">The query's regex budget, shared by every entity it evaluates (<c>~=</c>, <c>!~=</c>).</param>
    /// <exception cref="QueryPatternException">The patterns spent the budget.</exception>
    public static bool Matches(QueryExpression expression, Func<string, TwinValue?> resolve, RegexBudget patterns) => expression switch
    {
        AndExpression and => and.Terms.All(t => Matches(t, resolve, patterns)),
        OrExpression or => or.Terms.Any(t => Matches(t, resolve, patterns)),
        ExistsTerm exists => Resolve(exists.Path, resolve) is not null,
        ComparisonTerm term => Resolve(term.Path, resolve) is { } value && Compare(term, value, patterns),
        _ => throw new ArgumentOutOfRangeException(nameof(expression)),
    };

    private static TwinValue? Resolve(AttributePath path, Func<string, TwinValue?> resolve)
    {
        var value = resolve(path.Attribute);
        if (value is null || path.ValuePath.Count == 0) return value;
        if (value.Value.Kind != TwinValueKind.Json) return null;
        using var doc = JsonDocument.Parse(value.Value.Text!);
        var element = doc.RootElement;
        foreach (var key in path.ValuePath)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element)) return null;
        }
        return element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : TwinValue.FromJson(element);
    }

    private static bool Compare(ComparisonTerm term, TwinValue value, RegexBudget patterns)
    {
        switch (term.Operator)
        {
            case ComparisonOperator.Equal:
                return term.RangeEnd is { } end ? InRange(value, term.Values[0], end) : term.Values.Any(v => AreEqual(value, v));
            case ComparisonOperator.NotEqual:
                return term.RangeEnd is { } end2 ? Comparable(value, term.Values[0]) && !InRange(value, term.Values[0], end2) : term.Values.All(v => !AreEqual(value, v));
            case ComparisonOperator.Matches:
            case ComparisonOperator.NotMatches:
                if (value.Kind != TwinValueKind.Text) return false;
                return patterns.ForQ(term.Values[0].Text!).Test(value.Text!) == (term.Operator == ComparisonOperator.Matches);
            default:
                var bound = term.Values[0];
                if (!Comparable(value, bound) || value.Kind == TwinValueKind.Boolean) return false;
                var c = Order(value, bound);
                return term.Operator switch
                {
                    ComparisonOperator.Greater => c > 0,
                    ComparisonOperator.GreaterOrEqual => c >= 0,
                    ComparisonOperator.Less => c < 0,
                    _ => c <= 0,
                };
        }
    }

    private static bool Comparable(TwinValue a, TwinValue b) => a.Kind == b.Kind && a.Kind != TwinValueKind.Json;

    private static bool AreEqual(TwinValue a, TwinValue b) => a.Kind == b.Kind && (a.Kind switch
    {
        TwinValueKind.Number or TwinValueKind.Boolean => a.Number == b.Number,
        _ => string.Equals(a.Text, b.Text, StringComparison.Ordinal),
    });

    private static int Order(TwinValue a, TwinValue b) =>
        a.Kind == TwinValueKind.Number ? a.Number.CompareTo(b.Number) : string.CompareOrdinal(a.Text, b.Text);

    private static bool InRange(TwinValue value, TwinValue low, TwinValue high) =>
        Comparable(value, low) && value.Kind != TwinValueKind.Boolean && Order(value, low) >= 0 && Order(value, high) <= 0;
}
