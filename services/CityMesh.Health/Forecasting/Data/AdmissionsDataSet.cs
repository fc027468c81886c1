namespace CityMesh.Health.Forecasting.Data;

/// <summary>
/// The synthetic admissions: the counts (<see cref="Series"/>), the hospitals behind them, the waves that ran, and
/// each day's expected count before count noise (<see cref="Expected"/>, same index as the counts): the mean no
/// forecaster can know better than, whose error is the floor any model's error sits on.
/// </summary>
public sealed record AdmissionsDataSet(AdmissionsSeries Series, IReadOnlyList<HospitalSite> Sites, IReadOnlyList<RespiratoryWave> Waves, float[] Expected);
