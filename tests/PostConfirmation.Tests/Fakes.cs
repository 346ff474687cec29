using System.Net;
using System.Text;
using Amazon.Runtime;
using LambdaSuite.PostConfirmation;

namespace PostConfirmation.Tests;

/// <summary>Records profiles; answers with a fixed outcome or throws.</summary>
internal sealed class FakeProfileStore : IProfileStore
{
    private readonly List<UserProfile> _calls = [];

    public CreateOutcome Outcome { get; set; } = CreateOutcome.Created;

    public Exception? Failure { get; set; }

    public IReadOnlyList<UserProfile> Calls => _calls;

    /// <summary>The token the last call was given (the handler's deadline).</summary>
    public CancellationToken LastToken { get; private set; }

    /// <summary>Runs inside the call, while the handler's deadline is live.</summary>
    public Action<CancellationToken>? During { get; set; }

    public Task<CreateOutcome> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        _calls.Add(profile);
        LastToken = cancellationToken;
        During?.Invoke(cancellationToken);
        return Failure is null ? Task.FromResult(Outcome) : Task.FromException<CreateOutcome>(Failure);
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// Stands in for DynamoDB at the HTTP level, so tests see the exact request the SDK sends and the
/// SDK parses real-shaped responses (including its retry and error mapping).
/// </summary>
internal sealed class FakeDynamoHttp : HttpClientFactory
{
    private readonly Func<int, (HttpStatusCode Status, string Body)> _respond;
    private readonly List<string> _bodies = [];
    private readonly Lock _gate = new();

    public FakeDynamoHttp(Func<int, (HttpStatusCode Status, string Body)> respond) => _respond = respond;

    public IReadOnlyList<string> RequestBodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    public List<string> Targets { get; } = [];

    public static (HttpStatusCode, string) Ok() => (HttpStatusCode.OK, "{}");

    public static (HttpStatusCode, string) ConditionFailed()
        => (HttpStatusCode.BadRequest, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\",\"message\":\"The conditional request failed\"}");

    public static (HttpStatusCode, string) InternalError()
        => (HttpStatusCode.InternalServerError, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}");

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class Handler(FakeDynamoHttp owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            int index;
            lock (owner._gate)
            {
                owner._bodies.Add(body);
                owner.Targets.Add(request.Headers.TryGetValues("X-Amz-Target", out var t) ? string.Join(',', t) : string.Empty);
                index = owner._bodies.Count - 1;
            }

            var (status, json) = owner._respond(index);
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0"),
            };
        }
    }
}
