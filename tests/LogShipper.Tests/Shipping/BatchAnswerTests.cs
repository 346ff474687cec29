using LambdaSuite.LogShipper.Copying;
using LambdaSuite.LogShipper.Events;
using LambdaSuite.LogShipper.Shipping;
using Xunit;

namespace LogShipper.Tests.Shipping;

public sealed class BatchAnswerTests
{
    private static BatchJob Job(int tasks) => new("2.0", "inv-1", "job-1", [.. Enumerable.Range(1, tasks).Select(i => $"t-{i}")], []);

    [Fact]
    public void Every_task_is_answered_in_task_order_with_the_code_its_result_deserves()
    {
        ObjectResult[] results =
        [
            new ShippedObject("src", "logs/a.gz", "dst", "env1/a.gz", 77),
            new SkippedObject("logs/dir/", KeyMapper.FolderMarker),
            new SkippedObject("logs/old.gz", Shipper.Superseded),
            new SkippedObject("other/x.gz", KeyMapper.OutsideSourcePrefix),
            new SkippedObject("logs/x.gz", KeyMapper.Disabled),
            new FailedObject("logs/t.gz", ErrorClassifier.Throttled, "SlowDown (503)"),
            new FailedObject("logs/d.gz", ErrorClassifier.DeadlineExceeded, "not started"),
            new FailedObject("logs/m.gz", ErrorClassifier.SourceMissing, "NoSuchKey (404)"),
            new FailedObject(string.Empty, BatchAnswer.InvalidTaskCategory, "tasks[8].s3Key is missing"),
        ];

        var answer = BatchAnswer.Build(Job(results.Length), results);

        Assert.Equal(("2.0", "PermanentFailure", "inv-1"), (answer.InvocationSchemaVersion, answer.TreatMissingKeysAs, answer.InvocationId));
        Assert.Equal(
            [
                ("t-1", "Succeeded", "shipped 77 bytes to s3://dst/env1/a.gz"),
                ("t-2", "Succeeded", "nothing to ship: folder-marker"),
                ("t-3", "Succeeded", "nothing to ship: superseded"),
                ("t-4", "PermanentFailure", "not shipped: the key is outside the source prefix"),
                ("t-5", "PermanentFailure", "not shipped: shipping is disabled (ShipperEnabled=false)"),
                ("t-6", "TemporaryFailure", "Throttled: SlowDown (503)"),
                ("t-7", "TemporaryFailure", "DeadlineExceeded: not started"),
                ("t-8", "PermanentFailure", "SourceMissing: NoSuchKey (404)"),
                ("t-9", "PermanentFailure", "InvalidTask: tasks[8].s3Key is missing"),
            ],
            answer.Results.Select(r => (r.TaskId, r.ResultCode, r.ResultString)));
    }

    [Fact]
    public void A_back_fill_of_the_preflight_canary_key_is_refused()
    {
        var answer = BatchAnswer.Build(Job(1), [new SkippedObject("logs/preflight/canary", KeyMapper.PreflightCanary)]);

        var result = Assert.Single(answer.Results);
        Assert.Equal("PermanentFailure", result.ResultCode);
        Assert.Equal("not shipped: its destination key is the preflight canary's (DestinationPrefix + preflight/canary)", result.ResultString);
    }

    [Fact]
    public void A_long_key_keeps_the_result_string_short()
    {
        var answer = BatchAnswer.Build(Job(1), [new ShippedObject("src", "logs/k.gz", "dst", "env1/" + new string('k', 900) + ".gz", 1)]);

        var text = Assert.Single(answer.Results).ResultString;
        Assert.Equal(BatchAnswer.MaxResultLength, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_result_missing_for_a_task_is_a_bug_not_an_answer()
        => Assert.Throws<InvalidOperationException>(() => BatchAnswer.Build(Job(2), [new SkippedObject("a", KeyMapper.FolderMarker)]));
}
