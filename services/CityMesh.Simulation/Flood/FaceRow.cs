using System.Runtime.CompilerServices;

namespace CityMesh.Simulation.Flood;

/// <summary>
/// A row of faces' <see cref="FaceFlux"/>, structure-of-arrays so that four neighbouring faces load as vectors; a
/// band of the managed sweep keeps three (its row's x faces, the y faces below and above it).
/// </summary>
internal sealed class FaceRow(int length)
{
    public readonly double[] Mass = new double[length], NormalLeft = new double[length], NormalRight = new double[length],
        Tangential = new double[length];

    public FaceFlux this[int k]
    {
        get => new(Mass[k], NormalLeft[k], NormalRight[k], Tangential[k]);
        set
        {
            Mass[k] = value.Mass;
            NormalLeft[k] = value.NormalLeft;
            NormalRight[k] = value.NormalRight;
            Tangential[k] = value.Tangential;
        }
    }

    /// <summary>Faces k to k + 3; the caller keeps k + 4 within the row (no bounds check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FaceFluxes Load(int k) =>
        new(Lane.Load(Mass, k), Lane.Load(NormalLeft, k), Lane.Load(NormalRight, k), Lane.Load(Tangential, k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int k, in FaceFluxes faces)
    {
        Lane.Store(faces.Mass, Mass, k);
        Lane.Store(faces.NormalLeft, NormalLeft, k);
        Lane.Store(faces.NormalRight, NormalRight, k);
        Lane.Store(faces.Tangential, Tangential, k);
    }
}
