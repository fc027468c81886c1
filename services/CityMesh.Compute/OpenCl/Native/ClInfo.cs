using System.Text;

namespace CityMesh.Compute.OpenCl.Native;

/// <summary>One clGet*Info call with its object and parameter already bound.</summary>
internal unsafe delegate int ClInfoQuery(nuint valueSize, void* value, nuint* valueSizeRet);

/// <summary>The two-step size-then-value dance every clGet*Info function needs.</summary>
internal static unsafe class ClInfo
{
    internal static string String(ClInfoQuery query, string function)
    {
        var bytes = Bytes(query, function);
        var length = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, length < 0 ? bytes.Length : length).Trim();
    }

    internal static byte[] Bytes(ClInfoQuery query, string function)
    {
        nuint size;
        ClException.Check(query(0, null, &size), function);
        var bytes = new byte[(int)size];
        fixed (byte* value = bytes)
            ClException.Check(query(size, value, null), function);
        return bytes;
    }

    internal static T Value<T>(ClInfoQuery query, string function) where T : unmanaged
    {
        T value;
        ClException.Check(query((nuint)sizeof(T), &value, null), function);
        return value;
    }
}
