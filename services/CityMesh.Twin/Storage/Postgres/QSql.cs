using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// Translates q into a SQL condition on entity row <c>e</c>, with the semantics of <see cref="QueryEvaluator"/>: a term
/// on a missing attribute is false, values compare only with values of their own kind, text compares ordinally
/// (<c>COLLATE "C"</c>), booleans only by equality, JSON not at all. Each term is an EXISTS over the entity's
/// attribute row, found by its primary key.
/// </summary>
internal static class QSql
{
    /// <summary>The resolved value of a term's path as SQL expressions: kind (null when absent), num, txt, jsonb.</summary>
    private sealed record ValueSql(string Kind, string Num, string Txt, string? Jsonb);

    private static readonly ValueSql Column = new("a.value_kind", "a.num", "a.txt", null);

    private static readonly ValueSql Nested = new(
        "(CASE jsonb_typeof(r.j) WHEN 'number' THEN 0 WHEN 'string' THEN 1 WHEN 'boolean' THEN 2 WHEN 'object' THEN 3 WHEN 'array' THEN 3 END)",
        "(CASE jsonb_typeof(r.j) WHEN 'number' THEN (r.j #>> '{}')::float8 WHEN 'boolean' THEN CASE WHEN r.j = 'true'::jsonb THEN 1::float8 ELSE 0::float8 END END)",
        "(CASE WHEN jsonb_typeof(r.j) = 'string' THEN r.j #>> '{}' END)",
        "r.j");

    public static string Compile(QueryExpression expression, SqlParameters p) => expression switch
    {
        AndExpression and => "(" + string.Join(" AND ", and.Terms.Select(t => Compile(t, p))) + ")",
        OrExpression or => "(" + string.Join(" OR ", or.Terms.Select(t => Compile(t, p))) + ")",
        ExistsTerm exists => Term(exists.Path, p, _ => "TRUE"),
        ComparisonTerm term => Term(term.Path, p, v => Comparison(term, v, p)),
        _ => throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "unknown q expression"),
    };

    private static string Term(AttributePath path, SqlParameters p, Func<ValueSql, string> condition)
    {
        var name = p.Text(path.Attribute);
        if (path.ValuePath.Count == 0)
        {
            return $"EXISTS (SELECT 1 FROM entity_attribute a WHERE a.entity_id = e.id AND a.name = {name} AND {condition(Column)})";
        }
        var keys = p.TextArray(path.ValuePath);
        // The CASE keeps the jsonb cast away from text values, whatever order the planner evaluates conditions in.
        return $"""
            EXISTS (SELECT 1 FROM entity_attribute a
                CROSS JOIN LATERAL (SELECT twin_json_at(CASE WHEN a.value_kind = 3 THEN a.txt::jsonb END, {keys}) AS j) r
                WHERE a.entity_id = e.id AND a.name = {name} AND r.j IS NOT NULL AND {condition(Nested)})
            """;
    }

    private static string Comparison(ComparisonTerm term, ValueSql v, SqlParameters p)
    {
        var first = term.Values[0];
        switch (term.Operator)
        {
            case ComparisonOperator.Equal when term.RangeEnd is { } high:
                return InRange(v, first, high, p) ?? "FALSE";
            case ComparisonOperator.Equal:
                return "(" + string.Join(" OR ", term.Values.Select(value => AreEqual(v, value, p))) + ")";
            case ComparisonOperator.NotEqual when term.RangeEnd is { } high:
                // Comparable and not in range; booleans are comparable but never in a range.
                return first.Kind switch
                {
                    TwinValueKind.Boolean => $"{v.Kind} = {ValueColumns.Boolean}",
                    TwinValueKind.Json => "FALSE",
                    _ => $"NOT coalesce({InRange(v, first, high, p)}, FALSE) AND {v.Kind} = {ValueColumns.KindOf(first)}",
                };
            case ComparisonOperator.NotEqual:
                return $"NOT coalesce({string.Join(" OR ", term.Values.Select(value => AreEqual(v, value, p)))}, FALSE)";
            case ComparisonOperator.Matches:
                return $"({v.Kind} = {ValueColumns.Text} AND {v.Txt} ~ {p.Text(first.Text!)})";
            case ComparisonOperator.NotMatches:
                return $"({v.Kind} = {ValueColumns.Text} AND NOT ({v.Txt} ~ {p.Text(first.Text!)}))";
            default:
                var op = term.Operator switch
                {
                    ComparisonOperator.Greater => ">",
                    ComparisonOperator.GreaterOrEqual => ">=",
                    ComparisonOperator.Less => "<",
                    _ => "<=",
                };
                return first.Kind switch
                {
                    TwinValueKind.Number => $"({v.Kind} = {ValueColumns.Number} AND {v.Num} {op} {p.Double(first.Number)})",
                    TwinValueKind.Text => $"({v.Kind} = {ValueColumns.Text} AND {v.Txt} COLLATE \"C\" {op} {p.Text(first.Text!)})",
                    _ => "FALSE",
                };
        }
    }

    /// <returns>Null when values of this kind have no order (booleans, JSON).</returns>
    private static string? InRange(ValueSql v, TwinValue low, TwinValue high, SqlParameters p) => low.Kind switch
    {
        TwinValueKind.Number => $"({v.Kind} = {ValueColumns.Number} AND {v.Num} >= {p.Double(low.Number)} AND {v.Num} <= {p.Double(high.Number)})",
        TwinValueKind.Text => $"({v.Kind} = {ValueColumns.Text} AND {v.Txt} COLLATE \"C\" >= {p.Text(low.Text!)} AND {v.Txt} COLLATE \"C\" <= {p.Text(high.Text!)})",
        _ => null,
    };

    private static string AreEqual(ValueSql v, TwinValue value, SqlParameters p) => value.Kind switch
    {
        TwinValueKind.Number => $"({v.Kind} = {ValueColumns.Number} AND {v.Num} = {p.Double(value.Number)})",
        TwinValueKind.Boolean => $"({v.Kind} = {ValueColumns.Boolean} AND {v.Num} = {p.Double(value.Number)})",
        TwinValueKind.Text => $"({v.Kind} = {ValueColumns.Text} AND {v.Txt} = {p.Text(value.Text!)})",
        // A stored JSON value is its compact text; one inside a path is compared as jsonb.
        _ => v.Jsonb is null
            ? $"({v.Kind} = {ValueColumns.Json} AND {v.Txt} = {p.Text(value.Text!)})"
            : $"({v.Kind} = {ValueColumns.Json} AND {v.Jsonb} = {p.Add(value.Text, NpgsqlDbType.Jsonb)})",
    };
}
