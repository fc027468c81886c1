using CityMesh.Server;

return await CityMeshHost.RunAsync(args);

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
