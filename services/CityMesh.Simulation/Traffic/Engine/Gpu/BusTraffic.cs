namespace CityMesh.Simulation.Traffic.Engine.Gpu;

/// <summary>Bytes copied between host and device by one simulation, split into the one-off setup and the steps.</summary>
public sealed class BusTraffic
{
    /// <summary>Static tables and the initial state copied when the device state is set up.</summary>
    public long SetupBytes { get; internal set; }

    /// <summary>Host → device during steps (only the spans the host phases changed).</summary>
    public long UploadBytes { get; internal set; }

    /// <summary>Device → host during steps (what the host phases read after the move).</summary>
    public long DownloadBytes { get; internal set; }

    /// <summary>Steps the kernels ran.</summary>
    public long Steps { get; internal set; }

    public double UploadBytesPerStep => Steps == 0 ? 0 : (double)UploadBytes / Steps;

    public double DownloadBytesPerStep => Steps == 0 ? 0 : (double)DownloadBytes / Steps;

    public override string ToString() =>
        $"setup {SetupBytes:N0} B; per step {UploadBytesPerStep:N0} B up, {DownloadBytesPerStep:N0} B down over {Steps:N0} steps";
}
