namespace CityMesh.Simulation.Energy.Matpower;

internal sealed partial class MatpowerScript
{
    /// <summary>
    /// One statement outside a matrix. Understood:
    /// <list type="bullet">
    /// <item><c>function mpc = NAME</c></item>
    /// <item><c>mpc.version = '2';</c> (version 1 cases are refused: their generator and branch tables differ)</item>
    /// <item><c>mpc.baseMVA = EXPR;</c></item>
    /// <item><c>NAME = EXPR;</c>, e.g. <c>Vbase = mpc.bus(1, BASE_KV) * 1e3;</c></item>
    /// <item><c>[PQ, PV, ...] = idx_bus;</c> (likewise <c>idx_gen</c>, <c>idx_brch</c>): MATPOWER's column names</item>
    /// <item><c>mpc.M(:, COLUMNS) = mpc.M(:, COLUMNS) * EXPR;</c> or <c>/ EXPR</c>: columns scaled in place, e.g.
    /// <c>mpc.bus(:, [PD, QD]) = mpc.bus(:, [PD, QD]) / 1e3;</c> (kW to MW) or the ohm-to-per-unit division by
    /// <c>(Vbase^2 / Sbase)</c>. COLUMNS is a number, a name or a list of them in brackets.</item>
    /// </list>
    /// </summary>
    private void Statement(string text, int line)
    {
        Exception Refuse(string problem) => new MatpowerFormatException(File, line, null, problem);
        var tokens = MatlabLexer.Tokens(text, Refuse);
        var first = tokens.At(0);
        if (first is { Kind: MatlabTokenKind.Name, Text: "function" })
        {
            if (tokens.Count == 5 && tokens.At(1).Kind == MatlabTokenKind.Name && tokens.At(2).Is("=") && tokens.At(3).Kind == MatlabTokenKind.Name)
            {
                FunctionName = tokens.At(3).Text;
                return;
            }
            throw Refuse("expected 'function mpc = NAME'");
        }
        if (first.Is("["))
        {
            BindIndexNames(tokens, Refuse);
            return;
        }
        if (first.Kind != MatlabTokenKind.Name) throw Refuse($"'{text.Trim()}' is not a statement this reader understands");
        if (first.Text == "mpc.version")
        {
            if (tokens.Count == 4 && tokens.At(1).Is("=") && tokens.At(2).Kind == MatlabTokenKind.Text)
            {
                if (tokens.At(2).Text != "2")
                    throw new MatpowerFormatException(File, line, "mpc.version", $"'{tokens.At(2).Text}': only MATPOWER case format version 2 is read");
                return;
            }
            throw new MatpowerFormatException(File, line, "mpc.version", "expected mpc.version = '2';");
        }
        if (first.Text == "mpc.baseMVA")
        {
            double value = Assigned(tokens, line, "mpc.baseMVA");
            if (!(value > 0) || !double.IsFinite(value))
                throw new MatpowerFormatException(File, line, "mpc.baseMVA", $"{value} is not a positive number of MVA");
            BaseMva = value;
            BaseMvaLine = line;
            return;
        }
        if (first.Text.StartsWith("mpc.", StringComparison.Ordinal) && tokens.At(1).Is("("))
        {
            ScaleColumns(tokens, line, Refuse);
            return;
        }
        if (first.Text.StartsWith("mpc.", StringComparison.Ordinal))
            throw new MatpowerFormatException(File, line, first.Text, "is not a field this reader knows (version, baseMVA, bus, gen, branch, gencost)");
        if (!first.Text.Contains('.') && tokens.At(1).Is("="))
        {
            _names[first.Text] = Assigned(tokens, line, first.Text);
            return;
        }
        throw Refuse($"'{text.Trim()}' is not a statement this reader understands");
    }

    /// <summary>NAME = EXPR (end): the expression's value.</summary>
    private double Assigned(List<MatlabToken> tokens, int line, string field)
    {
        Exception Refuse(string problem) => new MatpowerFormatException(File, line, field, problem);
        if (!tokens.At(1).Is("=")) throw Refuse($"expected '=' but found {tokens.At(1)}");
        var expression = Expression(tokens, 2, Refuse);
        double value = expression.Sum();
        if (tokens.At(expression.Position).Kind != MatlabTokenKind.End) throw Refuse($"{tokens.At(expression.Position)} is not understood here");
        return value;
    }

    private MatlabExpression Expression(List<MatlabToken> tokens, int at, Func<string, Exception> refuse) =>
        new(tokens, at, name => Lookup(name, refuse), (matrix, row, column) => Element(matrix, row, column, refuse), refuse);

    private double Lookup(string name, Func<string, Exception> refuse)
    {
        if (name == "mpc.baseMVA") return BaseMva ?? throw refuse("mpc.baseMVA is used before it is set");
        return _names.TryGetValue(name, out double value) ? value : throw refuse($"'{name}' is not defined");
    }

    private double Element(string matrix, int row, int column, Func<string, Exception> refuse)
    {
        var m = Matrix(matrix, refuse);
        if (row > m.Rows.Count) throw refuse($"{matrix} has {m.Rows.Count} rows; row {row} does not exist");
        if (column > m.Rows[row - 1].Length) throw refuse($"{matrix} row {row} has {m.Rows[row - 1].Length} columns; column {column} does not exist");
        return m.Rows[row - 1][column - 1];
    }

    private MatpowerMatrix Matrix(string name, Func<string, Exception> refuse) =>
        name.StartsWith("mpc.", StringComparison.Ordinal) && Matrices.TryGetValue(name[4..], out var m) ? m : throw refuse($"{name} is not a matrix defined above");

    /// <summary>[A, B, C] = idx_bus: A, B, C bound to what MATPOWER's idx_bus returns first, second, third.</summary>
    private void BindIndexNames(List<MatlabToken> tokens, Func<string, Exception> refuse)
    {
        var names = new List<string>();
        int i = 1;
        for (; !tokens.At(i).Is("]"); i++)
        {
            if (tokens.At(i).Is(",")) continue;
            if (tokens.At(i).Kind != MatlabTokenKind.Name || tokens.At(i).Text.Contains('.'))
                throw refuse($"expected a name in the list but found {tokens.At(i)}");
            names.Add(tokens.At(i).Text);
        }
        if (!tokens.At(i + 1).Is("=") || tokens.At(i + 2).Kind != MatlabTokenKind.Name || tokens.At(i + 3).Kind != MatlabTokenKind.End)
            throw refuse("expected '[NAMES] = idx_bus' (or idx_gen, idx_brch)");
        var function = tokens.At(i + 2).Text;
        var values = CaseFormat.IndexFunction(function) ?? throw refuse($"'{function}' is not one of MATPOWER's index functions this reader knows (idx_bus, idx_gen, idx_brch)");
        if (names.Count > values.Count) throw refuse($"{function} returns {values.Count} values; {names.Count} names are listed");
        for (int k = 0; k < names.Count; k++) _names[names[k]] = values[k];
    }

    /// <summary>mpc.M(:, COLUMNS) = mpc.M(:, COLUMNS) * EXPR (or / EXPR): the columns scaled in place, every row.</summary>
    private void ScaleColumns(List<MatlabToken> tokens, int line, Func<string, Exception> refuse)
    {
        const string Form = "only a matrix's columns scaled in place are understood: mpc.M(:, COLUMNS) = mpc.M(:, COLUMNS) * NUMBER (or / NUMBER)";
        int i = 0;
        var (matrix, columns) = Selection(tokens, ref i, refuse);
        if (!tokens.At(i++).Is("=")) throw refuse(Form);
        var (sameMatrix, sameColumns) = Selection(tokens, ref i, refuse);
        if (sameMatrix != matrix || !sameColumns.SequenceEqual(columns)) throw refuse(Form);
        bool divide = tokens.At(i).Is("/");
        if (!divide && !tokens.At(i).Is("*")) throw refuse(Form);
        var expression = Expression(tokens, i + 1, refuse);
        double factor = expression.Sum();
        if (tokens.At(expression.Position).Kind != MatlabTokenKind.End) throw refuse(Form);
        if (!double.IsFinite(factor) || (divide && factor == 0)) throw refuse($"the scale factor {(divide ? "1/" : "")}{factor} is not a finite number");
        var m = Matrix(matrix, refuse);
        foreach (int column in columns)
        {
            if (m.Rows.Any(r => r.Length < column)) throw refuse($"{matrix} has rows without column {column}");
            foreach (var row in m.Rows) row[column - 1] = divide ? row[column - 1] / factor : row[column - 1] * factor;
        }
    }

    /// <summary>mpc.M(:, C) with C a number, a name or [C1 C2 ...]: the matrix and its 1-based columns.</summary>
    private (string Matrix, int[] Columns) Selection(List<MatlabToken> tokens, ref int i, Func<string, Exception> refuse)
    {
        var matrix = tokens.At(i);
        if (matrix.Kind != MatlabTokenKind.Name || !matrix.Text.StartsWith("mpc.", StringComparison.Ordinal) || !tokens.At(i + 1).Is("(") ||
            !tokens.At(i + 2).Is(":") || !tokens.At(i + 3).Is(","))
            throw refuse("expected mpc.M(:, COLUMNS): every row of a matrix");
        i += 4;
        var columns = new List<int>();
        if (tokens.At(i).Is("["))
        {
            for (i++; !tokens.At(i).Is("]"); i++)
            {
                if (tokens.At(i).Is(",")) continue;
                if (tokens.At(i).Kind == MatlabTokenKind.End) throw refuse("the column list is not closed with ']'");
                columns.Add(Column(tokens.At(i), refuse));
            }
            i++;
        }
        else columns.Add(Column(tokens.At(i++), refuse));
        if (!tokens.At(i++).Is(")")) throw refuse("expected ')' after the columns");
        return (matrix.Text, [.. columns]);
    }

    private int Column(MatlabToken token, Func<string, Exception> refuse)
    {
        double value = token.Kind switch
        {
            MatlabTokenKind.Number => token.Value,
            MatlabTokenKind.Name => Lookup(token.Text, refuse),
            _ => throw refuse($"expected a column number or name but found {token}"),
        };
        return value >= 1 && value == Math.Floor(value) && value <= 100 ? (int)value : throw refuse($"{token} is not a column number");
    }
}
