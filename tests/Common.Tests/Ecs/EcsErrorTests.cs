using System.Net;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Ecs.Model;
using Xunit;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>Non-2xx responses become typed, one-line exceptions (single attempt, so no retry is involved).</summary>
public sealed class EcsErrorTests
{
    [Theory]
    [InlineData("ClusterNotFoundException", 400, typeof(ClusterNotFoundException), false)]
    [InlineData("com.amazonaws.ecs#ClusterNotFoundException", 400, typeof(ClusterNotFoundException), false)]
    [InlineData("ServiceNotFoundException", 400, typeof(ServiceNotFoundException), false)]
    [InlineData("InvalidParameterException", 400, typeof(InvalidParameterException), false)]
    [InlineData("AccessDeniedException", 400, typeof(AccessDeniedException), false)]
    [InlineData("com.amazonaws.ecs#ClientException", 400, typeof(ClientException), false)]
    [InlineData("ServerException", 500, typeof(ServerException), true)]
    [InlineData("ThrottlingException", 400, typeof(ThrottlingException), true)]
    [InlineData("ThrottledException", 400, typeof(ThrottlingException), true)]
    [InlineData("RequestLimitExceeded", 400, typeof(ThrottlingException), true)]
    [InlineData("TooManyRequestsException", 400, typeof(ThrottlingException), true)]
    [InlineData("SomethingElse", 429, typeof(ThrottlingException), true)]
    [InlineData("InvalidSignatureException", 403, typeof(AmazonEcsException), false)]
    [InlineData("ServiceUnavailableException", 503, typeof(AmazonEcsException), true)]
    public async Task Error_type_maps_to_typed_exception(string wireType, int status, Type expected, bool retryable)
    {
        var e = await FailAsync(FakeEcsHandler.Error((HttpStatusCode)status, wireType, "It failed."));

        Assert.IsType(expected, e);
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

        Assert.IsType<ClusterNotFoundException>(e);
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

        Assert.IsType<ServiceNotFoundException>(e);
        Assert.Equal("ServiceNotFoundException", e.ErrorCode);
    }

    [Fact]
    public async Task Body_that_is_not_JSON_still_gives_status_based_error()
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>Bad Gateway</html>") };

        var e = await FailAsync(response);

        Assert.Equal(typeof(AmazonEcsException), e.GetType());
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
        var e = await Assert.ThrowsAnyAsync<AmazonEcsException>(() => client.StopTaskAsync(new StopTaskRequest { Cluster = "c", Task = "t" }));
        Assert.Single(fake.Requests);
        return e;
    }
}
