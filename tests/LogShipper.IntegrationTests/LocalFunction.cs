using System.Diagnostics;
using System.Text.Json.Nodes;
using LambdaSuite.TestSupport;

namespace LogShipper.IntegrationTests;

/// <summary>
/// LogShipperFunction as the template deploys it, run through infra/local/invoke in a child process
/// against this test run's stack: the parameterless constructor, configuration from the environment.
/// </summary>
internal static class LocalFunction
{
    public static async Task<(int Exit, string Stdout, string Stderr)> InvokeAsync(LocalAws aws, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        psi.ArgumentList.Add(RepositoryPaths.Combine("infra", "local", "invoke"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Use this test run's stack, not the default one.
        psi.Environment["LAMBDASUITE_STACK_DIR"] = aws.StateDirectory;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A SAM --env-vars file enabling the function for this test's own prefixes.</summary>
    public static string EnvVars(Local local)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lambdasuite-env-{local.Run}.json");
        File.WriteAllText(path, new JsonObject
        {
            ["LogShipperFunction"] = new JsonObject
            {
                ["SHIPPER_ENABLED"] = "true",
                ["SOURCE_BUCKET"] = Local.SourceBucket,
                ["SOURCE_PREFIX"] = local.Settings.SourcePrefix,
                ["SOURCE_BUCKET_OWNER"] = string.Empty,
                ["DESTINATION_BUCKET"] = Local.DestinationBucket,
                ["DESTINATION_PREFIX"] = local.Settings.DestinationPrefix,
                ["DESTINATION_BUCKET_OWNER"] = "000000000000",
                ["S3_FORCE_PATH_STYLE"] = "true",
            },
        }.ToJsonString());
        return path;
    }

    public static string EventFile(JsonNode payload)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lambdasuite-event-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, payload.ToJsonString());
        return path;
    }
}
