namespace CityMesh.Transport.Forecasting.Data;

/// <summary>
/// An incident in the data set: lanes <paramref name="ClosedLanes"/> (0 = rightmost) of <paramref name="Road"/> are
/// closed and traffic passes the rest slowly, from <paramref name="StartMinute"/> to <paramref name="EndMinute"/> of
/// day <paramref name="Day"/>.
/// </summary>
public sealed record IncidentLabel(int Day, string Road, IReadOnlyList<int> ClosedLanes, int StartMinute, int EndMinute);
