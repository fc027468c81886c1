using CityMesh.Twin.Ngsi.Codec;
using CityMesh.Twin.Ngsi.Problems;

namespace CityMesh.Twin.Ngsi.Handlers;

/// <summary>Instance ids in URL paths.</summary>
public static class TemporalInstanceRoute
{
    /// <summary>The instant an instanceId (<see cref="InstanceIds"/>) names.</summary>
    /// <exception cref="NgsiProblemException">BadRequestData when it is not an instanceId the twin gives.</exception>
    public static DateTimeOffset ObservedAt(string instanceId) => InstanceIds.TryParse(instanceId, out var at)
        ? at
        : throw new NgsiProblemException(NgsiProblem.BadRequestData(
            $"'{(instanceId.Length > 80 ? instanceId[..80] + "…" : instanceId)}' is not an instanceId of this twin (urn:ngsi-ld:instance:20200801T120300.0000000Z, as GET /temporal/entities shows)", "instanceId"));
}
