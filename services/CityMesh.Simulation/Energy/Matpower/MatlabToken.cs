namespace CityMesh.Simulation.Energy.Matpower;

internal enum MatlabTokenKind { Number, Name, Text, Symbol, End }

/// <summary>One token of a MATLAB statement: a number, a name (dotted: <c>mpc.bus</c>), a quoted text or a symbol.</summary>
internal readonly record struct MatlabToken(MatlabTokenKind Kind, string Text, double Value = 0)
{
    public bool Is(string symbol) => Kind == MatlabTokenKind.Symbol && Text == symbol;

    public override string ToString() => Kind == MatlabTokenKind.End ? "the end of the statement" : $"'{Text}'";
}

internal static class MatlabTokens
{
    /// <summary>The token at <paramref name="index"/>, or the closing End token past the statement's end: parsers look ahead without counting.</summary>
    public static MatlabToken At(this List<MatlabToken> tokens, int index) => index < tokens.Count ? tokens[index] : tokens[^1];
}
