using System.Globalization;
using System.Net;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using LambdaSuite.Remediator.Decision;
using Remediator.Tests.Fakes;
using Remediator.Tests.Fixtures;
using Xunit;

namespace Remediator.Tests.Aws.Ecs;

/// <summary>
/// Signing: what EcsClient puts on the wire is signed exactly as the SDK signs the same request,
/// and as the published SigV4 algorithm says, over what was actually sent.
/// </summary>
public sealed partial class EcsClientTests
{
    private static readonly DateTime SignedAt = new(2026, 11, 22, 12, 34, 56, DateTimeKind.Utc);

    // The request we mean to send, written out independently of the client.
    private const string Target = "AmazonEC2ContainerServiceV20141113.StopTask";
    private const string Body = """{"cluster":"demo-cluster","task":"arn:aws:ecs:us-east-1:000000000000:task/demo-cluster/abc","reason":"unhealthy"}""";

    // Every header that must be covered: altering any of them after signing must break the signature.
    private const string RequiredSignedHeaders = "content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target";

    [Fact]
    public async Task Wire_authorization_equals_AWSSigV4Signer_for_the_same_request()
    {
        var wire = await SendStopTaskAsync();

        var expected = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri(EcsTestClients.Endpoint), Content = Encoding.UTF8.GetBytes(Body) };
        expected.Headers["Content-Length"] = Encoding.UTF8.GetByteCount(Body).ToString(CultureInfo.InvariantCulture);
        expected.Headers["Content-Type"] = "application/x-amz-json-1.1";
        expected.Headers["X-Amz-Target"] = Target;
        var result = AWSSigV4Signer.Sign(expected, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(EcsTestClients.AccessKey, EcsTestClients.SecretKey),
            Region = RegionEndpoint.USEast1,
            Service = "ecs",
            SignedAt = SignedAt,
        });

        Assert.Equal(Header(result, "Authorization"), wire.Header("Authorization"));
        Assert.Equal(Header(result, "X-Amz-Date"), wire.Header("X-Amz-Date"));
        Assert.Equal(Body, wire.BodyText);
        Assert.Equal(Target, wire.Header("X-Amz-Target"));
    }

    [Fact]
    public async Task Wire_authorization_equals_hand_computed_SigV4_over_the_sent_bytes()
    {
        var wire = await SendStopTaskAsync();

        Assert.Equal(HandSigV4.AmzDate(SignedAt), wire.Header("x-amz-date"));
        Assert.Equal(HandSigV4.Sha256Hex(wire.Body), wire.Header("x-amz-content-sha256"));
        Assert.Contains($"SignedHeaders={RequiredSignedHeaders},", wire.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(Verify(wire), wire.Header("Authorization"));
    }

    [Fact]
    public async Task Session_token_is_sent_and_signed()
    {
        var wire = await SendStopTaskAsync(new SessionAWSCredentials(EcsTestClients.AccessKey, EcsTestClients.SecretKey, "session-token-1"));

        Assert.Equal("session-token-1", wire.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", wire.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(Verify(wire, "x-amz-security-token"), wire.Header("Authorization"));
    }

    // Proves the verification above is sensitive: a request altered after signing no longer verifies.
    [Theory]
    [InlineData("body")]
    [InlineData("x-amz-target")]
    [InlineData("content-type")]
    [InlineData("x-amz-date")]
    public async Task Altering_the_request_after_signing_breaks_verification(string part)
    {
        var wire = await SendStopTaskAsync();
        var tampered = part switch
        {
            "body" => wire with { Body = Encoding.UTF8.GetBytes(Body.Replace("unhealthy", "unhealthZ", StringComparison.Ordinal)) },
            _ => wire with { Headers = [.. wire.Headers.Select(h => string.Equals(h.Key, part, StringComparison.OrdinalIgnoreCase) ? new(h.Key, Alter(h.Value)) : h)] },
        };

        Assert.NotEqual(wire.Header("Authorization"), Verify(tampered));
    }

    private static string Alter(string value) => value[..^1] + (value[^1] == '1' ? '2' : '1');

    /// <summary>
    /// What a server recomputes from the received request (payload hash from the received body),
    /// with the signed-header set we require.
    /// </summary>
    private static string Verify(CapturedRequest wire, params string[] extraSigned)
    {
        var headers = RequiredSignedHeaders.Split(';').Concat(extraSigned)
            .Where(name => name != "host")
            .ToDictionary(name => name, name => wire.Header(name) ?? throw new InvalidOperationException($"{name} was not sent"));
        headers["host"] = wire.Uri.Authority;
        return HandSigV4.Authorization("POST", wire.Uri, headers, wire.Body, EcsTestClients.AccessKey, EcsTestClients.SecretKey, "us-east-1", "ecs");
    }

    private static async Task<CapturedRequest> SendStopTaskAsync(AWSCredentials? credentials = null)
    {
        var fake = FakeEcsHandler.Sequence(() => FakeEcsHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = new EcsTestClients().Create(fake, signedAt: SignedAt, credentials: credentials);
        await client.StopTaskAsync(new StopTaskRequest { Cluster = "demo-cluster", Task = "arn:aws:ecs:us-east-1:000000000000:task/demo-cluster/abc", Reason = "unhealthy" });
        return Assert.Single(fake.Requests);
    }

    private static string? Header(AWSSigningResult result, string name)
        => result.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
