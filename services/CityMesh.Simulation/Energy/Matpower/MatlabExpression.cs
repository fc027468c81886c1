namespace CityMesh.Simulation.Energy.Matpower;

/// <summary>
/// Evaluates the scalar arithmetic of a case file's trailing statements: numbers, names bound earlier
/// (<c>Vbase</c>, <c>BASE_KV</c>, <c>mpc.baseMVA</c>), one element of a matrix (<c>mpc.bus(1, BASE_KV)</c>),
/// <c>+ - * / ^</c> with MATLAB's precedence (power above unary minus above products above sums) and parentheses.
/// A recursive-descent parser over the statement's tokens; it stops at the first token it cannot use.
/// </summary>
internal sealed class MatlabExpression(List<MatlabToken> tokens, int position, Func<string, double> name, Func<string, int, int, double> element, Func<string, Exception> refuse)
{
    public int Position { get; private set; } = position;

    private MatlabToken Next => tokens.At(Position);

    public double Sum()
    {
        double value = Product();
        while (Next.Is("+") || Next.Is("-"))
        {
            bool minus = tokens.At(Position++).Is("-");
            double right = Product();
            value = minus ? value - right : value + right;
        }
        return value;
    }

    private double Product()
    {
        double value = Unary();
        while (Next.Is("*") || Next.Is("/"))
        {
            bool divide = tokens.At(Position++).Is("/");
            double right = Unary();
            value = divide ? value / right : value * right;
        }
        return value;
    }

    private double Unary()
    {
        if (Next.Is("-")) { Position++; return -Unary(); }
        if (Next.Is("+")) { Position++; return Unary(); }
        return Power();
    }

    private double Power()
    {
        double value = Primary();
        // MATLAB: 2^-1 is allowed, and -2^2 is -(2^2); the exponent may carry its own sign.
        while (Next.Is("^"))
        {
            Position++;
            double exponent = Next.Is("-") || Next.Is("+") ? Unary() : Primary();
            value = Math.Pow(value, exponent);
        }
        return value;
    }

    private double Primary()
    {
        var token = tokens.At(Position);
        switch (token.Kind)
        {
            case MatlabTokenKind.Number:
                Position++;
                return token.Value;
            case MatlabTokenKind.Name when tokens.At(Position + 1).Is("("):
                Position += 2;
                int row = Index(Sum());
                Expect(",");
                int column = Index(Sum());
                Expect(")");
                return element(token.Text, row, column);
            case MatlabTokenKind.Name:
                Position++;
                return name(token.Text);
            case MatlabTokenKind.Symbol when token.Is("("):
                Position++;
                double inner = Sum();
                Expect(")");
                return inner;
            default:
                throw refuse($"expected a number, a name or '(' but found {token}");
        }
    }

    private int Index(double value) =>
        value >= 1 && value == Math.Floor(value) && value <= int.MaxValue ? (int)value : throw refuse($"index {value} is not a positive whole number");

    private void Expect(string symbol)
    {
        if (!Next.Is(symbol)) throw refuse($"expected '{symbol}' but found {Next}");
        Position++;
    }
}
