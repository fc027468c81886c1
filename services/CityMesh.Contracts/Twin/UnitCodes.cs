namespace CityMesh.Contracts.Twin;

/// <summary>The UN/CEFACT common codes the seeded city and its telemetry use (NGSI-LD unitCode).</summary>
public static class UnitCodes
{
    public const string Metre = "MTR";
    public const string Millimetre = "MMT";
    public const string SquareMetre = "MTK";
    public const string KilometrePerHour = "KMH";
    public const string Second = "SEC";
    public const string Kilowatt = "KWT";
    public const string MicrogramPerCubicMetre = "GQ";
    public const string CubicMetrePerHour = "MQH";
    public const string Kilopascal = "KPA";
    public const string Percent = "P1";
    public const string MillimetrePerHour = "H67";
    public const string CubicMetrePerSecond = "MQS";
    public const string LitrePerSecond = "G51";
    public const string CubicMetre = "MTQ";
    public const string Watt = "WTT";
    public const string Kilovolt = "KVT";
    public const string KilovoltAmpere = "KVA";
    public const string Ohm = "OHM";
    public const string KilowattHour = "KWH";

    /// <summary>Per unit of a base (a voltage's nominal, an impedance's rating): UN/CEFACT's "one", C62.</summary>
    public const string PerUnit = "C62";
}
