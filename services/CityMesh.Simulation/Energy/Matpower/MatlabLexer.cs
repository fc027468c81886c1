using System.Globalization;

namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// Splits one MATLAB statement (comments already gone) into tokens. Only what case files write is recognised: numbers
/// (with exponents, <c>Inf</c>), dotted names, single-quoted texts, brackets, <c>= , ; :</c> and the arithmetic
/// operators with their element-wise forms (<c>.* ./ .^</c>, which on the scalars and columns a case file scales act
/// as the plain ones). Anything else is refused by the caller with the statement's line.
/// </summary>
internal static class MatlabLexer
{
    public static List<MatlabToken> Tokens(string text, Func<string, Exception> refuse)
    {
        var tokens = new List<MatlabToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == '.' && !IsElementwise(text, i)))) i++;
                if (i < text.Length && text[i] is 'e' or 'E')
                {
                    int mark = i++;
                    if (i < text.Length && text[i] is '+' or '-') i++;
                    if (i < text.Length && char.IsAsciiDigit(text[i])) { while (i < text.Length && char.IsAsciiDigit(text[i])) i++; }
                    else i = mark;
                }
                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw refuse($"'{number}' is not a number");
                tokens.Add(new MatlabToken(MatlabTokenKind.Number, number, value));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' ||
                                           (text[i] == '.' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_'))))
                    i++;
                var name = text[start..i];
                if (name is "Inf" or "inf") tokens.Add(new MatlabToken(MatlabTokenKind.Number, name, double.PositiveInfinity));
                else tokens.Add(new MatlabToken(MatlabTokenKind.Name, name));
                continue;
            }
            if (c == '\'')
            {
                int end = text.IndexOf('\'', i + 1);
                if (end < 0) throw refuse("a quoted text is not closed");
                tokens.Add(new MatlabToken(MatlabTokenKind.Text, text[(i + 1)..end]));
                i = end + 1;
                continue;
            }
            if (c == '.' && i + 1 < text.Length && text[i + 1] is '*' or '/' or '^')
            {
                tokens.Add(new MatlabToken(MatlabTokenKind.Symbol, text[i + 1].ToString()));
                i += 2;
                continue;
            }
            if ("=,;:()[]+-*/^".Contains(c))
            {
                tokens.Add(new MatlabToken(MatlabTokenKind.Symbol, c.ToString()));
                i++;
                continue;
            }
            throw refuse($"'{c}' is not understood here");
        }
        tokens.Add(new MatlabToken(MatlabTokenKind.End, ""));
        return tokens;
    }

    // "2.*x": the dot belongs to the operator, not the number.
    private static bool IsElementwise(string text, int dot) => dot + 1 < text.Length && text[dot + 1] is '*' or '/' or '^';
}
