using Amazon.Runtime;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Remediator.Aws.Ecs;
using Microsoft.Extensions.Time.Testing;
using Remediator.Tests.Fakes;

namespace Remediator.Tests.Fixtures;

/// <summary>EcsClient wired to a fake transport and a fake clock that only the test moves.</summary>
internal sealed class EcsTestClients
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Endpoint = "http://ecs.test.local:4599/";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));

    public static EnvironmentReader Environment() => new(new Dictionary<string, string>
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL_ECS"] = Endpoint,
    });

    /// <summary>Backoff jitter is fixed at half the ceiling, so waits are 50, 100, 200 ms ….</summary>
    public EcsClient Create(FakeEcsHandler transport, Func<EcsRetryOptions, EcsRetryOptions>? retry = null, ILog? log = null, DateTime? signedAt = null, TimeSpan? attemptTimeout = null, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var retryOptions = new EcsRetryOptions { NextRandom = () => 0.5 };
        return new EcsClient(
            new EcsClientOptions
            {
                Environment = Environment(),
                Credentials = credentials ?? new BasicAWSCredentials(AccessKey, SecretKey),
                Transport = transport,
                SignedAt = signedAt,
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
                Retry = retry is null ? retryOptions : retry(retryOptions),
                Time = Time,
            },
            log);
    }
}
