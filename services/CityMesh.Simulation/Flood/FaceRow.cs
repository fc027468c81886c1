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

    /// <summary>Faces k to k + T.Count − 1; the caller keeps them within the row (no bounds check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FaceFluxes<T> Load<T>(int k) where T : struct, ILanes<T> =>
        new(T.Load(Mass, k), T.Load(NormalLeft, k), T.Load(NormalRight, k), T.Load(Tangential, k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<T>(int k, in FaceFluxes<T> faces) where T : struct, ILanes<T>
    {
        T.Store(faces.Mass, Mass, k);
        T.Store(faces.NormalLeft, NormalLeft, k);
        T.Store(faces.NormalRight, NormalRight, k);
        T.Store(faces.Tangential, Tangential, k);
    }
}
