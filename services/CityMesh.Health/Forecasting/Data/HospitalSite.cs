namespace CityMesh.Health.Forecasting.Data;

/// <summary>A synthetic hospital: its general and acute beds and what they give it in emergency admissions.</summary>
/// <param name="Id">Local id as the twin names hospitals (<c>h1</c> is <c>urn:ngsi-ld:Hospital:{city}:h1</c>).</param>
/// <param name="BaseLevel">Expected emergency admissions a day on an average day of the year, before the weekday, the season, level drift and waves.</param>
public sealed record HospitalSite(string Id, int Beds, double BaseLevel);
