namespace CityMesh.Deploy.Tests.Support;

/// <summary>
/// A fact that checks the chart against a module's source (services/&lt;project&gt;), reported as skipped, with the
/// reason, in a checkout that does not have that module yet: the chart can be written to a module's contract on a branch
/// of its own, and the check runs by itself once both are merged.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ModuleFactAttribute : FactAttribute
{
    public ModuleFactAttribute(string project)
    {
        Project = project;
        if (!Directory.Exists(Repository.Path("services/" + project)))
            Skip = $"services/{project} is not in this checkout: this check runs once the module is merged";
    }

    /// <summary>The module's project folder under services/.</summary>
    public string Project { get; }
}
