using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LambdaSuite.TestSupport;
using LogShipper.IntegrationTests.Fixtures;
using Xunit;
using static LogShipper.IntegrationTests.Fixtures.Events;

namespace LogShipper.IntegrationTests;

/// <summary>
/// One end-to-end path per ShipperTrigger choice: the object is put in the local S3, then the event
/// the chosen wiring would deliver reaches the deployed function (infra/local/invoke with that
/// ShipperTrigger). The local S3 sends no notifications itself, so the test delivers them; for Sqs
/// the notification goes through fauxqs' SQS and is polled the way the event source mapping does.
/// </summary>
[Collection(LocalAwsGroup.Name)]
public sealed class TriggerShapeTests(LocalAws aws)
{
    private static async Task<(byte[] Bytes, long Size, string ETag)> PutAsync(Local local, string name, int seed)
    {
        var bytes = await local.PutAsync(local.Settings.SourcePrefix + name, 3000 + seed, seed);
        var (size, etag) = await local.HeadAsync(local.Settings.SourcePrefix + name);
        return (bytes, size, etag);
    }

    private async Task<JsonElement> InvokeAsync(Local local, string trigger, JsonNode payload)
    {
        var (exit, stdout, stderr) = await LocalFunction.InvokeAsync(aws, "LogShipperFunction", "-e", LocalFunction.EventFile(payload),
            "-n", LocalFunction.EnvVars(local), "--parameter-overrides", $"ShipperTrigger={trigger}");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Fact]
    public async Task S3Notification_shape_ships_the_object()
    {
        using var local = new Local(aws);
        var (bytes, size, etag) = await PutAsync(local, "s3 shape+a.log", 1);

        var answer = await InvokeAsync(local, "S3Notification", S3(S3Record(Local.SourceBucket, local.Settings.SourcePrefix + "s3 shape+a.log", size, etag)));

        Assert.Equal(1, answer.GetProperty("shipped").GetArrayLength());
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "s3 shape+a.log"))!));
    }

    [Fact]
    public async Task EventBridge_shape_ships_the_object()
    {
        using var local = new Local(aws);
        var (bytes, size, etag) = await PutAsync(local, "eb shape+b.log", 2);

        var answer = await InvokeAsync(local, "EventBridge", EventBridge(Local.SourceBucket, local.Settings.SourcePrefix + "eb shape+b.log", size, etag));

        Assert.Equal(1, answer.GetProperty("shipped").GetArrayLength());
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "eb shape+b.log"))!));
    }

    [Fact]
    public async Task Sqs_shape_ships_from_the_queue_deletes_what_shipped_and_leaves_the_failed_message_for_a_retry()
    {
        using var local = new Local(aws);
        using var sqs = new AmazonSQSClient(new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonSQSConfig { ServiceURL = aws.SqsEndpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var queueUrl = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = "log-events-" + local.Run, Attributes = new() { ["VisibilityTimeout"] = "5" } })).QueueUrl;
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"])).QueueARN;
        var (bytes, size, etag) = await PutAsync(local, "sqs shape+c.log", 3);
        // What S3 sends to the queue: one notification per object.
        await sqs.SendMessageAsync(queueUrl, S3(S3Record(Local.SourceBucket, local.Settings.SourcePrefix + "sqs shape+c.log", size, etag)).ToJsonString());
        await sqs.SendMessageAsync(queueUrl, S3(S3Record(Local.SourceBucket, local.Settings.SourcePrefix + "never written.log", 10, "0123456789abcdef0123456789abcdef")).ToJsonString());

        // The event source mapping: receive a batch, invoke, delete every message not reported as failed.
        var received = await ReceiveAllAsync(sqs, queueUrl, expected: 2);
        var answer = await InvokeAsync(local, "Sqs", new JsonObject
        {
            ["Records"] = new JsonArray([.. received.Select(m => (JsonNode)new JsonObject
            {
                ["messageId"] = m.MessageId, ["receiptHandle"] = m.ReceiptHandle, ["body"] = m.Body, ["attributes"] = new JsonObject(),
                ["messageAttributes"] = new JsonObject(), ["md5OfBody"] = m.MD5OfBody, ["eventSource"] = "aws:sqs", ["eventSourceARN"] = queueArn, ["awsRegion"] = "us-east-1",
            })]),
        });
        var failed = answer.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToHashSet();
        foreach (var message in received.Where(m => !failed.Contains(m.MessageId)))
        {
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
        }

        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "sqs shape+c.log"))!));
        var failedMessage = received.Single(m => m.Body.Contains("never", StringComparison.Ordinal));
        Assert.Equal([failedMessage.MessageId], failed);
        // After its visibility timeout only the failed notification is back, for the retry (and, after 5 receives, the DLQ).
        var again = await ReceiveAllAsync(sqs, queueUrl, expected: 1);
        Assert.Equal(failedMessage.MessageId, Assert.Single(again).MessageId);
    }

    [Fact]
    public async Task Batch_operations_task_is_answered_by_the_deployed_function()
    {
        using var local = new Local(aws);
        var (bytes, _, _) = await PutAsync(local, "backfill+d.log", 4);
        var job = new JsonObject
        {
            ["invocationSchemaVersion"] = "2.0",
            ["invocationId"] = "inv-local",
            ["job"] = new JsonObject { ["id"] = "job-local", ["userArguments"] = new JsonObject { ["requestedBy"] = "test" } },
            ["tasks"] = new JsonArray(new JsonObject { ["taskId"] = "t-1", ["s3Bucket"] = Local.SourceBucket, ["s3Key"] = Local.S3Encode(local.Settings.SourcePrefix + "backfill+d.log"), ["s3VersionId"] = null }),
        };

        var answer = await InvokeAsync(local, "S3Notification", job);

        Assert.Equal(("inv-local", "Succeeded"), (answer.GetProperty("invocationId").GetString(), answer.GetProperty("results")[0].GetProperty("resultCode").GetString()));
        Assert.Equal(Local.Sha(bytes), Local.Sha((await local.GetDestinationAsync(local.Settings.DestinationPrefix + "backfill+d.log"))!));
    }

    private static async Task<List<Message>> ReceiveAllAsync(AmazonSQSClient sqs, string queueUrl, int expected)
    {
        var messages = new List<Message>();
        for (var attempt = 0; attempt < 10 && messages.Count < expected; attempt++)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 });
            messages.AddRange(response.Messages ?? []);
        }

        return messages;
    }
}
