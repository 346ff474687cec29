using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;
using static LogShipper.IntegrationTests.Fixtures.Events;

namespace LogShipper.IntegrationTests;

/// <summary>S3 Batch Operations back-fill against the local S3: objects written before shipping was on.</summary>
[Collection(LocalAwsGroup.Name)]
public sealed class BackfillTests(LocalAws aws)
{
    private static JsonObject Job(string version, params (string TaskId, string Key)[] tasks) => new()
    {
        ["invocationSchemaVersion"] = version,
        ["invocationId"] = "inv-" + Guid.NewGuid().ToString("N"),
        ["job"] = new JsonObject { ["id"] = "backfill-job" },
        ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)(version == "1.0"
            ? new JsonObject { ["taskId"] = t.TaskId, ["s3Key"] = Local.S3Encode(t.Key), ["s3VersionId"] = null, ["s3BucketArn"] = "arn:aws:s3:::" + Local.SourceBucket }
            : new JsonObject { ["taskId"] = t.TaskId, ["s3Key"] = Local.S3Encode(t.Key), ["s3VersionId"] = null, ["s3Bucket"] = Local.SourceBucket }))]),
    };

    private static List<(string TaskId, string Code, string Text)> Results(JsonElement answer)
        => [.. answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("taskId").GetString()!, r.GetProperty("resultCode").GetString()!, r.GetProperty("resultString").GetString()!))];

    /// <summary>What S3 answers when it throttles: 503 SlowDown (the SDK retries it, then gives up).</summary>
    private static HttpResponseMessage SlowDown() => new(HttpStatusCode.ServiceUnavailable)
    {
        Content = new StringContent("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>injected</RequestId></Error>", Encoding.UTF8, "application/xml"),
    };

    [Fact]
    public async Task A_thousand_objects_one_task_per_invocation_ship_byte_exact_and_missing_ones_fail_permanently()
    {
        using var local = new Local(aws);
        var written = new Dictionary<string, byte[]>();
        var names = Enumerable.Range(0, 1000).Select(i => $"2026/11/{1 + (i % 28):00}/alb log {i:0000}+{(i % 7 == 0 ? "ü%" : "x")}.gz").ToList();
        var missing = names.Where((_, i) => i % 100 == 42).ToHashSet(); // in the manifest, gone from the bucket
        using (var gate = new SemaphoreSlim(16))
        {
            await Task.WhenAll(names.Where(n => !missing.Contains(n)).Select(async (name, i) =>
            {
                await gate.WaitAsync();
                try
                {
                    var bytes = await local.PutAsync(local.Settings.SourcePrefix + name, 200 + (i % 300), seed: i);
                    lock (written)
                    {
                        written[name] = bytes;
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var codes = new Dictionary<string, string>();
        for (var i = 0; i < names.Count; i++)
        {
            // S3 sends one task per invocation, alternating schemas here so both see the whole range of keys.
            var answer = await ReadAsync(await local.HandleAsync(AsStream(Job(i % 2 == 0 ? "1.0" : "2.0", ($"task-{i}", local.Settings.SourcePrefix + names[i])))));
            var result = Assert.Single(Results(answer));
            Assert.Equal($"task-{i}", result.TaskId);
            codes[names[i]] = result.Code;
        }

        Assert.All(missing, name => Assert.Equal("PermanentFailure", codes[name]));
        Assert.All(written.Keys, name => Assert.Equal("Succeeded", codes[name]));
        Assert.Equal(990, written.Count);
        foreach (var (name, bytes) in written)
        {
            var copied = await local.GetDestinationAsync(local.Settings.DestinationPrefix + name);
            Assert.True(copied is not null && Local.Sha(copied) == Local.Sha(bytes), $"not byte-exact at the destination: {name}");
        }

        foreach (var name in missing)
        {
            Assert.Null(await local.GetDestinationAsync(local.Settings.DestinationPrefix + name));
        }
    }

    [Fact]
    public async Task Several_tasks_are_answered_in_order_and_throttled_ones_are_temporary_failures_until_a_retry_ships_them()
    {
        using var local = new Local(aws);
        var prefix = local.Settings.SourcePrefix;
        var ok = await local.PutAsync(prefix + "a ok.gz", 1500, seed: 1);
        var throttled = await local.PutAsync(prefix + "b throttled.gz", 1600, seed: 2);
        var plus = await local.PutAsync(prefix + "c+plus %2B.gz", 1700, seed: 3);
        local.Wire.Fault = r => r.Method == HttpMethod.Put && Uri.UnescapeDataString(r.RequestUri!.AbsolutePath).EndsWith("b throttled.gz", StringComparison.Ordinal) ? SlowDown() : null;
        (string, string)[] tasks = [("t-1", prefix + "a ok.gz"), ("t-2", prefix + "b throttled.gz"), ("t-3", prefix + "gone.gz"), ("t-4", prefix + "c+plus %2B.gz"), ("t-5", "elsewhere/x.gz")];

        var first = Results(await ReadAsync(await local.HandleAsync(AsStream(Job("2.0", tasks)))));

        Assert.Equal([("t-1", "Succeeded"), ("t-2", "TemporaryFailure"), ("t-3", "PermanentFailure"), ("t-4", "Succeeded"), ("t-5", "PermanentFailure")],
            first.Select(r => (r.TaskId, r.Code)));
        Assert.StartsWith("Throttled: SlowDown (503)", first[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("SourceMissing: ", first[2].Text, StringComparison.Ordinal);
        Assert.Null(await local.GetDestinationAsync(local.Settings.DestinationPrefix + "b throttled.gz"));

        // S3 retries the temporary failure; by then the throttling is over.
        local.Wire.Fault = null;
        var retry = Results(await ReadAsync(await local.HandleAsync(AsStream(Job("2.0", tasks[1])))));

        Assert.Equal(("t-2", "Succeeded"), (retry[0].TaskId, retry[0].Code));
        Assert.Equal(Local.Sha(ok), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "a ok.gz"))!));
        Assert.Equal(Local.Sha(throttled), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "b throttled.gz"))!));
        Assert.Equal(Local.Sha(plus), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "c+plus %2B.gz"))!));
    }
}
