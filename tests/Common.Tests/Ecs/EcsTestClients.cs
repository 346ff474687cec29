using Amazon.Runtime;
using LambdaSuite.Common.Ecs;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Common.Tests.Ecs;

/// <summary>EcsClient wired to a fake transport, a manual clock and recorded (not slept) backoff delays.</summary>
internal sealed class EcsTestClients
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Endpoint = "http://ecs.test.local:4599/";

    public ManualTime Time { get; } = new();

    public List<TimeSpan> Delays { get; } = [];

    public static Dictionary<string, string> Environment() => new()
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL_ECS"] = Endpoint,
    };

    public EcsClient Create(FakeEcsHandler transport, Func<EcsRetryOptions, EcsRetryOptions>? retry = null, ILog? log = null, DateTime? signedAt = null, TimeSpan? attemptTimeout = null, AWSCredentials? credentials = null)
    {
        var env = Environment();
        var retryOptions = new EcsRetryOptions
        {
            NextRandom = () => 0.5,
            Time = Time,
            Delay = (delay, token) =>
            {
                token.ThrowIfCancellationRequested();
                Delays.Add(delay);
                Time.Advance(delay);
                return Task.CompletedTask;
            },
        };
        return new EcsClient(
            new EcsClientOptions
            {
                GetEnvironmentVariable = name => env.GetValueOrDefault(name),
                Credentials = credentials ?? new BasicAWSCredentials(AccessKey, SecretKey),
                Transport = transport,
                SignedAt = signedAt,
                AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(5),
                Retry = retry is null ? retryOptions : retry(retryOptions),
            },
            log);
    }
}
