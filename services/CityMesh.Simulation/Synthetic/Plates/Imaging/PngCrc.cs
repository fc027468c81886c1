namespace CityMesh.Simulation.Synthetic.Plates.Imaging;

/// <summary>The CRC-32 PNG chunks carry (ISO 3309 polynomial, reflected), from a 256-entry table.</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = Build();

    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0)
    {
        crc = ~crc;
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
