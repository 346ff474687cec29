using System.Text.Json;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;

namespace LogShipper.IntegrationTests;

/// <summary>
/// The parameterless constructor as Lambda runs it: configuration from the environment (env.json
/// through the template), the SDK client resolving the endpoint override and path style itself.
/// Runs infra/local/invoke in a child process against this test run's stack.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class ProductionWiringTests(LocalAws aws)
{
    [Fact]
    public async Task Sample_s3_event_with_env_json_ships_every_object_byte_exact()
    {
        using var local = new Local(aws);
        var sample = RepositoryPaths.Combine("infra", "events", "logshipper", "s3-put.json");
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(sample));
        var expected = new Dictionary<string, byte[]>();
        var seed = 100;
        foreach (var record in document.RootElement.GetProperty("Records").EnumerateArray())
        {
            var obj = record.GetProperty("s3").GetProperty("object");
            var key = S3KeyDecoder.Decode(obj.GetProperty("key").GetString()!, "key");
            expected["env-local/" + key["logs/".Length..]] = await local.PutAsync(key, obj.GetProperty("size").GetInt32(), seed++);
        }

        var (exit, stdout, stderr) = await InvokeAsync("LogShipperFunction", "-e", sample, "-n", RepositoryPaths.Combine("infra", "events", "logshipper", "env.json"));

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        using var answer = JsonDocument.Parse(stdout);
        Assert.Equal(expected.Count, answer.RootElement.GetProperty("shipped").GetArrayLength());
        foreach (var (key, bytes) in expected)
        {
            Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(key))!));
        }
    }

    private Task<(int Exit, string Stdout, string Stderr)> InvokeAsync(params string[] args) => LocalFunction.InvokeAsync(aws, args);
}
