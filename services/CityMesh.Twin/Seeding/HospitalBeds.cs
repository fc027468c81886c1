using CityMesh.Contracts.Health;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// How a seeded hospital's beds divide into bed types and wards, from the planning figures of large general
/// hospitals: about 5 % of beds in intensive care (tertiary hospitals keep 2–8 %), 8 % paediatric, the rest
/// general; wards of about 40 general, 16 intensive-care and 30 paediatric beds.
/// </summary>
internal static class HospitalBeds
{
    public const double IcuShare = 0.05;
    public const double PaediatricShare = 0.08;

    public sealed record Split(int Total, int General, int Icu, int Paediatric);

    public sealed record Ward(string LocalId, string Name, string BedType, int Beds);

    public static Split Of(int total)
    {
        total = Math.Max(total, 40);
        var icu = Math.Max(4, (int)Math.Round(total * IcuShare));
        var paediatric = Math.Max(10, (int)Math.Round(total * PaediatricShare));
        return new Split(total, total - icu - paediatric, icu, paediatric);
    }

    /// <summary>About one emergency cubicle per 25 beds, at least 6: a 1,000-bed hospital sees some 300 arrivals a day.</summary>
    public static int EdCubicles(int beds) => Math.Max(6, (int)Math.Round(beds / 25.0));

    /// <summary>The wards holding the split's beds: each type's beds over as many wards of its usual size, as even as they go.</summary>
    public static IEnumerable<Ward> Wards(Split beds)
    {
        foreach (var (type, count, size, name, prefix) in new[]
        {
            (BedTypes.General, beds.General, 40, "General ward", "w"),
            (BedTypes.Icu, beds.Icu, 16, "Intensive care unit", "icu"),
            (BedTypes.Paediatric, beds.Paediatric, 30, "Paediatric ward", "p"),
        })
        {
            var wards = Math.Max(1, (int)Math.Round(count / (double)size));
            for (var w = 0; w < wards; w++)
            {
                var share = count / wards + (w < count % wards ? 1 : 0);
                yield return new Ward($"{prefix}{w + 1}", wards == 1 ? name : $"{name} {w + 1}", type, share);
            }
        }
    }
}
