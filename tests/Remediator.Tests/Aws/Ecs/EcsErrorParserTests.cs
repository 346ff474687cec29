using System.Net;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Decision;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>Non-2xx responses become one-line exceptions naming the error code (single attempt, so no retry is involved).</summary>
public sealed class EcsErrorParserTests
{
    [Theory]
    [InlineData("ClusterNotFoundException", 400, false)]
    [InlineData("com.amazonaws.ecs#ClusterNotFoundException", 400, false)]
    [InlineData("ServiceNotFoundException", 400, false)]
    [InlineData("InvalidParameterException", 400, false)]
    [InlineData("AccessDeniedException", 400, false)]
    [InlineData("com.amazonaws.ecs#ClientException", 400, false)]
    [InlineData("ServerException", 500, true)]
    [InlineData("ServerException", 400, true)]
    [InlineData("ThrottlingException", 400, true)]
    [InlineData("ThrottledException", 400, true)]
    [InlineData("RequestLimitExceeded", 400, true)]
    [InlineData("TooManyRequestsException", 400, true)]
    [InlineData("SomethingElse", 429, true)]
    [InlineData("InvalidSignatureException", 403, false)]
    [InlineData("ServiceUnavailableException", 503, true)]
    public async Task Error_type_gives_the_code_and_whether_a_retry_may_succeed(string wireType, int status, bool retryable)
    {
        var e = await FailAsync(FakeEcsHandler.Error((HttpStatusCode)status, wireType, "It failed."));

        var shortName = wireType[(wireType.IndexOf('#', StringComparison.Ordinal) + 1)..];
        Assert.Equal(shortName, e.ErrorCode);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Equal(retryable, e.IsRetryable);
        Assert.Equal($"ECS StopTask failed: {shortName}: It failed. (HTTP {status})", e.Message);
    }

    [Fact]
    public async Task Message_is_read_from_capitalised_key_and_request_id_from_header()
    {
        var e = await FailAsync(FakeEcsHandler.Json(HttpStatusCode.BadRequest, """{"__type":"ClusterNotFoundException","Message":"Cluster not found."}""", requestId: "rid-42"));

        Assert.Equal("ClusterNotFoundException", e.ErrorCode);
        Assert.Equal("rid-42", e.RequestId);
        Assert.Equal("ECS StopTask failed: ClusterNotFoundException: Cluster not found. (HTTP 400)", e.Message);
    }

    [Fact]
    public async Task Multi_line_service_message_is_cut_to_its_first_line()
    {
        var e = await FailAsync(FakeEcsHandler.Json(HttpStatusCode.Forbidden, """{"__type":"InvalidSignatureException","message":"Signature mismatch.\n\nThe Canonical String ..."}"""));

        Assert.Equal("ECS StopTask failed: InvalidSignatureException: Signature mismatch. (HTTP 403)", e.Message);
    }

    [Fact]
    public async Task Error_type_header_is_used_when_the_body_has_none()
    {
        var response = FakeEcsHandler.Json(HttpStatusCode.BadRequest, "{}");
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "ServiceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.ecs/");

        var e = await FailAsync(response);

        Assert.Equal("ServiceNotFoundException", e.ErrorCode);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task Body_that_is_not_JSON_still_gives_status_based_error()
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>Bad Gateway</html>") };

        var e = await FailAsync(response);

        Assert.Equal("Http502", e.ErrorCode);
        Assert.True(e.IsRetryable);
        Assert.Equal("ECS StopTask failed: Http502: <html>Bad Gateway</html> (HTTP 502)", e.Message);
    }

    [Theory]
    [InlineData("com.amazonaws.ecs#ClusterNotFoundException", "ClusterNotFoundException")]
    [InlineData("ClusterNotFoundException:http://internal.amazon.com/x", "ClusterNotFoundException")]
    [InlineData("aws.protocoltests#Thing", "Thing")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void Short_name_strips_namespace_and_suffix(string? wire, string? expected)
        => Assert.Equal(expected, EcsErrorParser.ShortName(wire));

    private static async Task<AmazonEcsException> FailAsync(HttpResponseMessage response)
    {
        var fake = FakeEcsHandler.Sequence(() => response);
        using var client = new EcsTestClients().Create(fake, r => r with { MaxAttempts = 1 });
        var e = await Assert.ThrowsAsync<AmazonEcsException>(() => client.StopTaskAsync(new StopTaskRequest { Cluster = "c", Task = "t" }));
        Assert.Single(fake.Requests);
        return e;
    }

    [Fact]
    public async Task A_long_body_that_is_not_JSON_is_capped_by_characters_without_splitting_one()
    {
        var page = new string('\u00e9', 300);
        var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent(page) };

        var e = await FailAsync(response);

        var shown = e.Message["ECS StopTask failed: Http502: ".Length..^" (HTTP 502)".Length];
        Assert.Equal(EcsErrorParser.MaxBodyTextLength, shown.Length);
        Assert.Equal(new string('\u00e9', EcsErrorParser.MaxBodyTextLength - 1) + "\u2026", shown);
    }
}
