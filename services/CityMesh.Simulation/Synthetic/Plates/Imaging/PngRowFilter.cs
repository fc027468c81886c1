using System.Numerics;
using System.Runtime.Intrinsics;

namespace CityMesh.Simulation.Synthetic.Plates.Imaging;

/// <summary>
/// PNG's Sub and Up row filters for 3-byte pixels, vectorised. Each row takes whichever leaves the smaller sum of
/// absolute (signed) byte values, the usual cheap heuristic for deflate; ties go to Sub.
/// </summary>
internal static class PngRowFilter
{
    private const int Bpp = 3;

    /// <summary>Writes the filter type byte then the filtered row to <paramref name="destination"/> (row length + 1).</summary>
    /// <param name="above">The row above, or empty for the first row (PNG treats it as zeros).</param>
    public static void Apply(ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> destination)
    {
        bool sub = Cost(row, sub: true, above) <= Cost(row, sub: false, above);
        destination[0] = sub ? (byte)1 : (byte)2;
        var output = destination[1..(row.Length + 1)];
        if (sub) WriteDifference(row, row, Bpp, output);
        else if (above.IsEmpty) row.CopyTo(output);
        else WriteDifference(row, above, 0, output);
    }

    /// <summary>Σ|(sbyte)(row[i] − reference[i − shift])|, the reference being zero where it does not exist.</summary>
    private static long Cost(ReadOnlySpan<byte> row, bool sub, ReadOnlySpan<byte> above)
    {
        var reference = sub ? row : above;
        int shift = sub ? Bpp : 0;
        long total = 0;
        int i = 0;
        if (reference.IsEmpty) shift = row.Length; // every byte differs from zero
        for (; i < Math.Min(shift, row.Length); i++) total += Magnitude(row[i]);
        if (Vector256.IsHardwareAccelerated)
        {
            // 64 vectors of 32 magnitudes ≤ 128 fit the 16-bit lanes (each takes two bytes per vector: ≤ 16,384).
            var lanes = Vector256<ushort>.Zero;
            int pending = 0;
            for (; i + Vector256<byte>.Count <= row.Length; i += Vector256<byte>.Count)
            {
                var difference = Vector256.Create(row.Slice(i, Vector256<byte>.Count)) - Vector256.Create(reference.Slice(i - shift, Vector256<byte>.Count));
                var magnitude = Vector256.Abs(difference.AsSByte()).AsByte(); // |−128| stays 0x80: 128 as a byte, as wanted
                var (low, high) = Vector256.Widen(magnitude);
                lanes += low + high;
                if (++pending == 64)
                {
                    total += Sum(lanes);
                    lanes = Vector256<ushort>.Zero;
                    pending = 0;
                }
            }
            total += Sum(lanes);
        }
        for (; i < row.Length; i++) total += Magnitude((byte)(row[i] - reference[i - shift]));
        return total;
    }

    private static long Sum(Vector256<ushort> lanes)
    {
        var (low, high) = Vector256.Widen(lanes);
        return Vector256.Sum(low + high);
    }

    private static int Magnitude(byte b) => b < 128 ? b : 256 - b;

    /// <summary>output[i] = row[i] − reference[i − shift] (mod 256), with the reference zero before its start.</summary>
    private static void WriteDifference(ReadOnlySpan<byte> row, ReadOnlySpan<byte> reference, int shift, Span<byte> output)
    {
        int i = 0;
        for (; i < Math.Min(shift, row.Length); i++) output[i] = row[i];
        for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
            (new Vector<byte>(row[i..]) - new Vector<byte>(reference[(i - shift)..])).CopyTo(output[i..]);
        for (; i < row.Length; i++) output[i] = (byte)(row[i] - reference[i - shift]);
    }
}
