namespace CityMesh.Governance.Access;

/// <summary>
/// The roles a caller can hold (ARCHITECTURE.md, Governance), and the authorization policies endpoints name with
/// <c>RequireAuthorization</c>. A caller holds one role; <see cref="Viewer"/> is any authenticated caller.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string ScenarioAuthor = "scenario-author";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, ScenarioAuthor, Admin];

    /// <summary>Policy names: <c>RequireAuthorization(Roles.Policy.Operator)</c>.</summary>
    public static class Policy
    {
        /// <summary>Any authenticated caller, whatever its role: reading.</summary>
        public const string Viewer = "citymesh-viewer";

        /// <summary>Operators only: approving, rejecting and overriding actions, asking for proposals.</summary>
        public const string Operator = "citymesh-operator";

        public const string ScenarioAuthor = "citymesh-scenario-author";
        public const string Admin = "citymesh-admin";

        /// <summary>Operators and admins: reading and verifying the audit log.</summary>
        public const string Auditor = "citymesh-auditor";
    }
}
