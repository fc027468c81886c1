namespace CityMesh.Access;

/// <summary>
/// The roles a caller can hold (ARCHITECTURE.md, Governance), and the authorization policies endpoints name with
/// <c>RequireAuthorization</c>. A caller holds one role. People and clients get theirs from an API key or a JWT;
/// <see cref="Service"/> is only ever held by a CityMesh service proving itself with the service key.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";

    /// <summary>Sensor gateways and ingestion: write observations (sensor data), never city objects.</summary>
    public const string DataProvider = "data-provider";

    public const string Operator = "operator";
    public const string ScenarioAuthor = "scenario-author";
    public const string Admin = "admin";

    /// <summary>A CityMesh service calling another (<see cref="ServiceIdentity"/>); never assignable to a key or a token.</summary>
    public const string Service = "service";

    /// <summary>The roles an API key or a JWT may carry.</summary>
    public static readonly IReadOnlyList<string> All = [Viewer, DataProvider, Operator, ScenarioAuthor, Admin];

    /// <summary>Policy names: <c>RequireAuthorization(Roles.Policy.Operator)</c>.</summary>
    public static class Policy
    {
        /// <summary>Any authenticated caller, whatever its role, CityMesh services included: reading.</summary>
        public const string Viewer = "citymesh-viewer";

        /// <summary>Operators only: approving, rejecting and overriding actions, asking for proposals.</summary>
        public const string Operator = "citymesh-operator";

        public const string ScenarioAuthor = "citymesh-scenario-author";
        public const string Admin = "citymesh-admin";

        /// <summary>
        /// Data providers, operators and admins: streaming sensor readings in (the gRPC gateway API), the role that
        /// writes observations through NGSI-LD. Tenant callers hold none of these roles in the city.
        /// </summary>
        public const string TelemetryWriter = "citymesh-telemetry-writer";

        /// <summary>Operators and admins: reading and verifying the audit log.</summary>
        public const string Auditor = "citymesh-auditor";
    }
}
