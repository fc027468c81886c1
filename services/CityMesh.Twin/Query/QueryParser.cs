using System.Globalization;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Query;

/// <summary>
/// Parses NGSI-LD q: terms joined by <c>;</c> (and) and <c>|</c> (or), parentheses, operators
/// <c>== != &gt; &gt;= &lt; &lt;= ~= !~=</c>, value lists <c>a==1,2</c>, ranges <c>a==1..5</c>, quoted strings,
/// numbers, booleans and unquoted tokens (URIs, date-times). <c>;</c> binds tighter than <c>|</c>.
/// </summary>
public sealed class QueryParser
{
    private readonly string _text;
    private int _pos;

    private QueryParser(string text) => _text = text;

    public static QueryExpression Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new QueryParseException("the expression is empty", 0);
        if (text.Length > 4096) throw new QueryParseException("the expression is longer than 4096 characters", 4096);
        var parser = new QueryParser(text);
        var expression = parser.ParseOr();
        parser.SkipSpaces();
        if (parser._pos < text.Length) throw new QueryParseException($"unexpected '{text[parser._pos]}'", parser._pos);
        return expression;
    }

    private QueryExpression ParseOr()
    {
        var terms = new List<QueryExpression> { ParseAnd() };
        while (Accept('|')) terms.Add(ParseAnd());
        return terms.Count == 1 ? terms[0] : new OrExpression(terms);
    }

    private QueryExpression ParseAnd()
    {
        var terms = new List<QueryExpression> { ParseTerm() };
        while (Accept(';')) terms.Add(ParseTerm());
        return terms.Count == 1 ? terms[0] : new AndExpression(terms);
    }

    private QueryExpression ParseTerm()
    {
        SkipSpaces();
        if (Accept('('))
        {
            var inner = ParseOr();
            if (!Accept(')')) throw new QueryParseException("missing ')'", _pos);
            return inner;
        }
        var path = ParsePath();
        SkipSpaces();
        var op = ParseOperator();
        if (op is null) return new ExistsTerm(path);

        var start = _pos;
        var first = ParseValue();
        if (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual && Peek("..", out _))
        {
            _pos += 2;
            var end = ParseValue();
            if (first.Kind != end.Kind) throw new QueryParseException("a range's ends must be of the same kind", start);
            return new ComparisonTerm(path, op.Value, [first], end);
        }
        var values = new List<TwinValue> { first };
        while (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual && Accept(',')) values.Add(ParseValue());
        if (op is ComparisonOperator.Matches or ComparisonOperator.NotMatches)
        {
            if (first.Kind != TwinValueKind.Text) throw new QueryParseException("~= needs a pattern string", start);
            try
            {
                _ = new System.Text.RegularExpressions.Regex(first.Text!, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                throw new QueryParseException($"invalid pattern: {e.Message}", start);
            }
        }
        return new ComparisonTerm(path, op.Value, values);
    }

    private AttributePath ParsePath()
    {
        var start = _pos;
        while (_pos < _text.Length && IsNameChar(_text[_pos])) _pos++;
        if (_pos == start) throw new QueryParseException("expected an attribute name", _pos);
        var name = _text[start.._pos];
        var keys = new List<string>();
        while (Accept('['))
        {
            var keyStart = _pos;
            while (_pos < _text.Length && _text[_pos] != ']') _pos++;
            if (_pos >= _text.Length) throw new QueryParseException("missing ']'", keyStart);
            var key = _text[keyStart.._pos];
            if (key.Length == 0) throw new QueryParseException("empty key in []", keyStart);
            keys.Add(key);
            _pos++;
        }
        return new AttributePath(name, keys);
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or ':' or '/' or '#' or '@';

    private ComparisonOperator? ParseOperator()
    {
        (string Token, ComparisonOperator Op)[] ops =
        [
            ("==", ComparisonOperator.Equal), ("!~=", ComparisonOperator.NotMatches), ("!=", ComparisonOperator.NotEqual),
            (">=", ComparisonOperator.GreaterOrEqual), ("<=", ComparisonOperator.LessOrEqual), ("~=", ComparisonOperator.Matches),
            (">", ComparisonOperator.Greater), ("<", ComparisonOperator.Less),
        ];
        foreach (var (token, op) in ops)
        {
            if (Peek(token, out _))
            {
                _pos += token.Length;
                return op;
            }
        }
        if (_pos < _text.Length && _text[_pos] is '=' or '!' or '~')
            throw new QueryParseException($"unknown operator starting '{_text[_pos]}'", _pos);
        return null;
    }

    private TwinValue ParseValue()
    {
        SkipSpaces();
        if (_pos >= _text.Length) throw new QueryParseException("expected a value", _pos);
        if (_text[_pos] is '"' or '\'')
        {
            var quote = _text[_pos];
            var start = ++_pos;
            var sb = new System.Text.StringBuilder();
            while (_pos < _text.Length && _text[_pos] != quote)
            {
                if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
                sb.Append(_text[_pos++]);
            }
            if (_pos >= _text.Length) throw new QueryParseException("unterminated string", start - 1);
            _pos++;
            return TwinValue.Of(sb.ToString());
        }
        var tokenStart = _pos;
        while (_pos < _text.Length && _text[_pos] is not (';' or '|' or ')' or ',') && !Peek("..", out _)) _pos++;
        var token = _text[tokenStart.._pos].Trim();
        if (token.Length == 0) throw new QueryParseException("expected a value", tokenStart);
        if (token == "true") return TwinValue.Of(true);
        if (token == "false") return TwinValue.Of(false);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return TwinValue.Of(number);
        return TwinValue.Of(token);
    }

    private bool Peek(string token, out int at)
    {
        at = _pos;
        return string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;
    }

    private bool Accept(char c)
    {
        SkipSpaces();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }
        return false;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ') _pos++;
    }
}
