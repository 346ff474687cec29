using System.Text;
using LambdaSuite.Common;
using Xunit;
using static LogShipper.Tests.Fixtures;

namespace LogShipper.Tests;

/// <summary>
/// Every class of malformed input is one <see cref="InvalidInputException"/> naming the field, with no
/// S3 request: through the direct-invoke entry point, and inside an SQS body, where it fails only its
/// own message.
/// </summary>
public sealed class BadInputTests
{
    private static readonly string Record = S3Event(S3Record("logs/a.gz")).ToJsonString();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The event with 0xC3 0x28 (a lead byte without its continuation) in place of the key's last character.</summary>
    private static byte[] InvalidUtf8Key()
    {
        var bytes = Utf8(Record);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("a.gz", StringComparison.Ordinal);
        return [.. bytes[..at], 0xC3, 0x28, .. bytes[(at + 1)..]];
    }

    private static async Task<InvalidInputException> DirectInvokeFailsAsync(byte[] payload, Harness h)
    {
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => h.HandleAsync(new MemoryStream(payload)));
        Assert.Equal(0, h.Store.Count);
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public async Task Lone_surrogate_in_a_value_is_invalid_input()
    {
        var e = await DirectInvokeFailsAsync(Utf8(Record.Replace("logs/a.gz", "logs/\\ud800.gz", StringComparison.Ordinal)), new Harness());

        Assert.StartsWith("event.Records[0].s3.object.key=\"\\\"logs/\\\\ud800.gz\\\"\" is invalid: expected Unicode text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lone_surrogate_in_a_property_name_is_invalid_input()
    {
        var e = await DirectInvokeFailsAsync(Utf8(Record.Replace("\"sequencer\"", "\"\\udfff\"", StringComparison.Ordinal)), new Harness());

        Assert.StartsWith("event.Records[0].s3.object has a property name \"\\\\udfff\" that is invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_is_invalid_input()
    {
        var e = await DirectInvokeFailsAsync(InvalidUtf8Key(), new Harness());

        Assert.StartsWith("event.Records[0].s3.object.key=", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected Unicode text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trailing_garbage_is_invalid_input()
    {
        var e = await DirectInvokeFailsAsync(Utf8(Record + " garbage"), new Harness());

        Assert.StartsWith("event is invalid: expected exactly one JSON value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_document_is_invalid_input()
    {
        var e = await DirectInvokeFailsAsync(Utf8(Record + Record), new Harness());

        Assert.StartsWith("event is invalid: expected exactly one JSON value", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", 1025, "event.Records[0].s3.object.key=", "at most 1,024 bytes of UTF-8 (got 1,025)")]
    [InlineData("bucket", 64, "event.Records[0].s3.bucket.name=", "at most 63 characters (got 64)")]
    public async Task Over_long_field_is_invalid_input(string field, int length, string named, string expected)
    {
        var record = field == "key"
            ? S3Record("logs/" + new string('k', length - 5))
            : S3Record("logs/a.gz", bucket: new string('b', length));

        var e = await DirectInvokeFailsAsync(Utf8(S3Event(record).ToJsonString()), new Harness());

        Assert.StartsWith(named, e.Message, StringComparison.Ordinal);
        Assert.EndsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_whose_encoding_decodes_to_more_than_1024_bytes_is_invalid_input()
    {
        // 510 x "é" (%C3%A9): 3,065 characters encoded, within that limit; decoded 515 characters but 1,025 bytes.
        var e = await DirectInvokeFailsAsync(Utf8(S3Event(S3Record("logs/" + string.Concat(Enumerable.Repeat("%C3%A9", 510)))).ToJsonString()), new Harness());

        Assert.EndsWith("at most 1,024 bytes of UTF-8 (got 1,025)", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "lone surrogate in a value", Record.Replace("logs/a.gz", "logs/\\ud800.gz", StringComparison.Ordinal), "expected Unicode text" },
        { "lone surrogate in a property name", Record.Replace("\"sequencer\"", "\"\\ud800\"", StringComparison.Ordinal), "has a property name" },
        { "trailing garbage", Record + "]", "expected exactly one JSON value" },
        { "a second document", Record + Record, "expected exactly one JSON value" },
        { "over-long field", S3Event(S3Record("logs/" + new string('k', 1100))).ToJsonString(), "at most 1,024 bytes of UTF-8" },
        { "SNS envelope around a lone surrogate", "{\"Type\":\"Notification\",\"Message\":" + System.Text.Json.JsonSerializer.Serialize(Record.Replace("a.gz", "\\ud800", StringComparison.Ordinal)) + "}", "expected Unicode text" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_sqs_body_fails_only_its_own_message(string description, string badBody, string expected)
    {
        var h = new Harness();

        var result = await h.InvokeAsync(SqsEvent(("m-1", Record), ("m-bad", badBody), ("m-3", S3Event(S3Record("logs/c.gz")).ToJsonString())));

        Assert.Equal(["m-bad"], result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        var error = result.GetProperty("failed")[0].GetProperty("error").GetString()!;
        Assert.StartsWith("InvalidMessage: Records[1].body (message m-bad)", error, StringComparison.Ordinal);
        Assert.True(error.Contains(expected, StringComparison.Ordinal), $"{description}: {error}");
        Assert.Equal(["logs/a.gz", "logs/c.gz"], result.GetProperty("shipped").EnumerateArray().Select(s => s.GetProperty("sourceKey").GetString()).Order());
        Assert.Equal(1, h.Sink.MetricSum("InvalidEvents"));
    }

    [Fact]
    public async Task Invalid_text_in_one_sqs_record_outside_its_body_fails_only_that_message()
    {
        var h = new Harness();
        var batch = SqsEvent(("m-1", Record), ("m-bad", Record)).ToJsonString().Replace("\"handle-m-bad\"", "\"handle-\\ud800\"", StringComparison.Ordinal);

        var result = await ReadAsync(await h.HandleAsync(new MemoryStream(Utf8(batch))));

        Assert.Equal(["m-bad"], result.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.StartsWith("InvalidMessage: Records[1].receiptHandle=", result.GetProperty("failed")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("logs/a.gz", Assert.Single(result.GetProperty("shipped").EnumerateArray()).GetProperty("sourceKey").GetString());
    }
}
