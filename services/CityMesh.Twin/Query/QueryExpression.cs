using CityMesh.Twin.Model;

namespace CityMesh.Twin.Query;

/// <summary>The parsed NGSI-LD <c>q</c> filter (ETSI GS CIM 009, clause 4.9), the subset CityMesh serves.</summary>
public abstract record QueryExpression
{
    /// <summary>Whether any term of <paramref name="expression"/> matches a regular expression (<c>~=</c>, <c>!~=</c>).</summary>
    public static bool HasPattern(QueryExpression expression) => expression switch
    {
        AndExpression and => and.Terms.Any(HasPattern),
        OrExpression or => or.Terms.Any(HasPattern),
        ComparisonTerm term => term.Operator is ComparisonOperator.Matches or ComparisonOperator.NotMatches,
        _ => false,
    };
}

public sealed record AndExpression(IReadOnlyList<QueryExpression> Terms) : QueryExpression;

public sealed record OrExpression(IReadOnlyList<QueryExpression> Terms) : QueryExpression;

/// <summary><c>attr</c> alone: the entity has the attribute.</summary>
public sealed record ExistsTerm(AttributePath Path) : QueryExpression;

/// <summary>
/// <c>attr op value</c>. For <c>==</c> and <c>!=</c>, <see cref="Values"/> may list several values (any of / none of)
/// or, with <see cref="RangeEnd"/>, be the low end of an inclusive range <c>low..high</c>.
/// </summary>
public sealed record ComparisonTerm(
    AttributePath Path,
    ComparisonOperator Operator,
    IReadOnlyList<TwinValue> Values,
    TwinValue? RangeEnd = null) : QueryExpression;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    /// <summary><c>~=</c>: the text value matches a regular expression.</summary>
    Matches,
    /// <summary><c>!~=</c>: the text value does not match.</summary>
    NotMatches,
}

/// <summary>
/// An attribute, optionally followed by keys into its structured value: <c>address[city]</c> is
/// <c>Attribute = "address", ValuePath = ["city"]</c>. A relationship's value is its target's id.
/// </summary>
public sealed record AttributePath(string Attribute, IReadOnlyList<string> ValuePath)
{
    public AttributePath(string attribute) : this(attribute, []) { }

    public override string ToString() => Attribute + string.Concat(ValuePath.Select(k => $"[{k}]"));
}
