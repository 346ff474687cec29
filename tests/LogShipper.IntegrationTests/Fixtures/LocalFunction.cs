using System.Text.Json.Nodes;
using LambdaSuite.TestSupport;

namespace LogShipper.IntegrationTests.Fixtures;

/// <summary>
/// LogShipperFunction as the template deploys it, run through infra/local/invoke in a child process
/// against this test run's stack: the parameterless constructor, configuration from the environment.
/// </summary>
internal static class LocalFunction
{
    // Use this test run's stack, not the default one.
    public static Task<(int Exit, string Stdout, string Stderr)> InvokeAsync(LocalAws aws, params string[] args)
        => ScriptRun.RunAsync(RepositoryPaths.Combine("infra", "local", "invoke"), args, [new("LAMBDASUITE_STACK_DIR", aws.StateDirectory)]);

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
