namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>SUMO's signal alphabet read as right of way.</summary>
internal static class SignalStates
{
    public static LinkState Decode(char state) => state switch
    {
        'G' or 'O' => LinkState.Major,
        'g' or 's' or 'o' => LinkState.Minor,
        'y' or 'Y' => LinkState.Yellow,
        'r' or 'R' or 'u' => LinkState.Red,
        _ => throw new FormatException($"Unknown signal state '{state}'."),
    };

    public static LinkState[] Decode(string states)
    {
        var decoded = new LinkState[states.Length];
        for (int i = 0; i < states.Length; i++) decoded[i] = Decode(states[i]);
        return decoded;
    }

    public static bool IsGreen(LinkState state) => state is LinkState.Major or LinkState.Minor or LinkState.Equal or LinkState.Stop or LinkState.AllWayStop;
}
