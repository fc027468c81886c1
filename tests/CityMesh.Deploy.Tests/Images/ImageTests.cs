using CityMesh.Deploy.Tests.Support;

namespace CityMesh.Deploy.Tests.Images;

/// <summary>The repository's Dockerfiles: what they copy from the build context, what they run, and as whom.</summary>
public sealed class ImageTests
{
    /// <summary>The .NET images' built-in app user; the chart's pods set runAsUser to the same.</summary>
    private const string AppUser = "1654";

    public static TheoryData<string> Dockerfiles => ImageDefinitions.DockerfileData();

    public static TheoryData<string> Images => ImageDefinitions.ImageData();

    [Fact]
    public void Each_image_has_its_final_stage()
    {
        foreach (var (image, dockerfile, stage, _) in ImageDefinitions.Images)
            Assert.True(ImageDefinitions.Load(dockerfile).Stages.Any(s => s.Name == stage), $"{image}: {dockerfile} has no stage '{stage}'");
    }

    [Fact]
    public void The_operator_stage_is_the_default_target()
    {
        // skaffold may build the operator without a target; then the last stage is the image.
        Assert.Equal("operator", ImageDefinitions.Load(ImageDefinitions.OperatorDockerfile).Stages[^1].Name);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_context_source_exists_and_is_not_dockerignored(string dockerfile)
    {
        var problems = ImageChecks.ContextSourceProblems(ImageDefinitions.Load(dockerfile), ImageDefinitions.Ignore(), Repository.Root).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dotnet_restore_and_publish_find_their_projects_and_everything_those_read(string dockerfile)
    {
        var file = ImageDefinitions.Load(dockerfile);
        var runs = file.Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Text).ToArray();
        Assert.Contains(runs, r => ShellWords.DotnetProjects(r, "restore").Any());
        Assert.Contains(runs, r => ShellWords.DotnetProjects(r, "publish").Any());
        var problems = ImageChecks.DotnetInputProblems(file, Repository.Root, ImageDefinitions.ProjectClosure).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_base_image_is_a_pinned_tag(string dockerfile)
    {
        var problems = ImageChecks.UnpinnedBases(ImageDefinitions.Load(dockerfile)).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Runs_as_the_numeric_non_root_app_user(string image)
    {
        var (_, dockerfile, stageName, _) = ImageDefinitions.Image(image);
        var file = ImageDefinitions.Load(dockerfile);
        var stage = file.Stage(stageName);
        var problems = ImageChecks.UserProblems(file, stage).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        Assert.Equal(AppUser, file.Effective(stage, "USER")!.Text.Trim());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Exposes_8080(string image)
    {
        var (_, dockerfile, stageName, _) = ImageDefinitions.Image(image);
        var file = ImageDefinitions.Load(dockerfile);
        Assert.Contains(file.Exposed(file.Stage(stageName)), p => p is "8080" or "8080/tcp");
    }

    [Fact]
    public void The_server_exposes_the_grpc_port_the_twin_listens_on()
    {
        // CityMesh:Grpc:Port's default (CityMesh.Server.GrpcPort.Default), which the chart's twin Service targets too.
        var (_, dockerfile, stageName, _) = ImageDefinitions.Image("citymesh/citymesh-server");
        var file = ImageDefinitions.Load(dockerfile);
        Assert.Contains(file.Exposed(file.Stage(stageName)), p => p is "8081" or "8081/tcp");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Entrypoint_runs_what_the_publish_produced(string image)
    {
        var (_, dockerfile, stageName, project) = ImageDefinitions.Image(image);
        var file = ImageDefinitions.Load(dockerfile);
        var problems = ImageChecks.EntrypointProblems(file, file.Stage(stageName), project, ImageDefinitions.AssemblyName(project), Repository.Root).ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Caches_and_temporary_files_go_to_tmp(string image)
    {
        // The root filesystem is read-only and /tmp an emptyDir; the app user's home (/home/app) cannot be written.
        var (_, dockerfile, stageName, _) = ImageDefinitions.Image(image);
        var file = ImageDefinitions.Load(dockerfile);
        var env = file.Environment(file.Stage(stageName));
        Assert.Equal("/tmp", env.GetValueOrDefault("TMPDIR"));
        foreach (var key in new[] { "XDG_CACHE_HOME", "CUDA_CACHE_PATH", "CITYMESH_CACHE_DIR" })
            if (env.TryGetValue(key, out var value))
                Assert.True(value.StartsWith("/tmp/", StringComparison.Ordinal), $"{image}: {key}={value} is outside /tmp");
    }

    [Fact]
    public void The_images_install_no_system_librdkafka()
    {
        // Confluent.Kafka loads the librdkafka that librdkafka.redist puts in the publish output; a system copy
        // (Ubuntu's librdkafka1) would be a second, unused library of another version.
        foreach (var dockerfile in new[] { ImageDefinitions.ServerDockerfile, ImageDefinitions.OperatorDockerfile })
        {
            var file = ImageDefinitions.Load(dockerfile);
            var installed = file.Stages.SelectMany(s => s.Instructions).Where(i => i.Keyword == "RUN").SelectMany(r => ShellWords.AptInstalls(r.Text));
            Assert.DoesNotContain(installed, p => p.StartsWith("librdkafka", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_worker_is_the_server_with_the_link_ILGPU_needs_to_the_driver_the_NVIDIA_runtime_mounts()
    {
        var file = ImageDefinitions.Load(ImageDefinitions.ServerDockerfile);
        var worker = file.Stage("worker");
        Assert.Equal("server", file.EarlierStage(worker.BaseImage, worker.Index)?.Name);

        // ILGPU needs no toolkit and no OpenCL loader for NVIDIA: only libcuda.so, linked to the driver's libcuda.so.1.
        var runs = worker.Instructions.Where(i => i.Keyword == "RUN").ToArray();
        Assert.Empty(runs.SelectMany(r => ShellWords.AptInstalls(r.Text)));
        Assert.Contains(runs, r => r.Text.Contains("ln -s libcuda.so.1 ", StringComparison.Ordinal) && r.Text.Contains("-linux-gnu/libcuda.so", StringComparison.Ordinal));

        var env = file.Environment(worker);
        Assert.Equal("all", env.GetValueOrDefault("NVIDIA_VISIBLE_DEVICES"));
        var capabilities = env.GetValueOrDefault("NVIDIA_DRIVER_CAPABILITIES", "").Split(',');
        Assert.Contains("compute", capabilities);
        Assert.Contains("utility", capabilities);
    }

    [Fact]
    public void The_worker_runs_the_worker_target_by_default()
    {
        var file = ImageDefinitions.Load(ImageDefinitions.ServerDockerfile);
        var cmd = file.Effective(file.Stage("worker"), "CMD");
        Assert.NotNull(cmd);
        Assert.Equal(["--target", "worker"], cmd.Arguments);
    }

    [Fact]
    public void No_image_installs_OpenCL_or_PoCL()
    {
        // The kernels are ILGPU's; nothing loads an OpenCL library any more.
        var file = ImageDefinitions.Load(ImageDefinitions.ServerDockerfile);
        foreach (var stage in new[] { "server", "worker" })
        {
            var installed = file.Runs(file.Stage(stage)).SelectMany(r => ShellWords.AptInstalls(r.Text)).ToArray();
            Assert.DoesNotContain(installed, p => p.Contains("opencl", StringComparison.Ordinal) || p.Contains("pocl", StringComparison.Ordinal));
        }
    }
}
