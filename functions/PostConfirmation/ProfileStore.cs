using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LambdaSuite.Common;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.PostConfirmation;

/// <summary>Where profiles live (seam for handler tests).</summary>
internal interface IProfileStore
{
    /// <summary>Creates the profile unless one exists for the same user; never changes an existing one.</summary>
    Task<CreateOutcome> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default);
}

/// <summary>
/// One conditional PutItem per profile: <c>attribute_not_exists(PK)</c> makes retries and duplicates
/// harmless. Each write carries a random <c>creationId</c>, so a write that DynamoDB applied but whose
/// response was lost — the SDK's retry then fails the condition against our own item — is still
/// counted as created, not as already existing.
/// </summary>
internal sealed class DynamoDbProfileStore : IProfileStore
{
    private readonly IAmazonDynamoDB _dynamo;
    private readonly Settings _settings;

    public DynamoDbProfileStore(IAmazonDynamoDB dynamo, Settings settings)
    {
        _dynamo = dynamo;
        _settings = settings;
    }

    /// <summary>
    /// The production store: the SDK client with short per-attempt and connect timeouts and few
    /// retries, so a slow or unreachable DynamoDB ends inside Cognito's 5 s (arithmetic in
    /// <see cref="Settings"/>).
    /// </summary>
    public static DynamoDbProfileStore Create(Settings settings, EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DynamoDbProfileStore(new AmazonDynamoDBClient(AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", settings.DynamoDbLimits, env)), settings);
    }

    public async Task<CreateOutcome> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            ["PK"] = new() { S = profile.PartitionKey },
            ["SK"] = new() { S = UserProfile.SortKey },
            ["userName"] = new() { S = profile.UserName },
            ["userPoolId"] = new() { S = profile.UserPoolId },
            ["role"] = new() { S = UserProfile.InitialRole },
            ["createdAt"] = new() { S = IsoTime.Format(profile.CreatedAt) },
            ["creationId"] = new() { S = Guid.NewGuid().ToString("N") },
        };
        if (profile.Email is { } email)
        {
            item["email"] = new() { S = email };
        }

        var request = new PutItemRequest
        {
            TableName = _settings.TableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(PK)",
            // Real DynamoDB names the existing item's creationId in the same call; emulators may not.
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.Deadline);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _dynamo.PutItemAsync(request, deadline.Token).ConfigureAwait(false);
            return CreateOutcome.Created;
        }
        catch (ConditionalCheckFailedException e)
        {
            return await IsOwnWriteAsync(e.Item, item, deadline.Token).ConfigureAwait(false) ? CreateOutcome.Created : CreateOutcome.AlreadyExists;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // Timeouts, unreachable endpoints and service errors left after the retries (throttling,
            // access denied, missing table) all become one line that keeps the service's error code.
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var code = e is AmazonServiceException s && !string.IsNullOrEmpty(s.ErrorCode) ? s.ErrorCode : e.GetType().Name;
            throw new ProfileStoreException(
                string.Create(CultureInfo.InvariantCulture, $"DynamoDB PutItem on table {_settings.TableName} failed after {elapsed:F0} ms ") +
                string.Create(CultureInfo.InvariantCulture, $"(deadline {_settings.Deadline.TotalMilliseconds:F0} ms, {_settings.MaxRetries + 1} attempts of at most {_settings.AttemptTimeout.TotalMilliseconds:F0} ms): {code}: {ServiceText(e.Message)}"),
                e);
        }
    }

    /// <summary>
    /// Whether the item that failed the condition is the one this call wrote (same creationId). Without
    /// the item in the error (dynalite ignores ReturnValuesOnConditionCheckFailure) one consistent
    /// GetItem reads it. The profile exists either way, so if that read fails the answer is "already
    /// existing" rather than a failed confirmation.
    /// </summary>
    private async Task<bool> IsOwnWriteAsync(Dictionary<string, AttributeValue>? existing, Dictionary<string, AttributeValue> ours, CancellationToken cancellationToken)
    {
        if (existing is not { Count: > 0 })
        {
            try
            {
                existing = (await _dynamo.GetItemAsync(new GetItemRequest
                {
                    TableName = _settings.TableName,
                    Key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["PK"] = ours["PK"], ["SK"] = ours["SK"] },
                    ConsistentRead = true,
                    ProjectionExpression = "creationId",
                }, cancellationToken).ConfigureAwait(false)).Item;
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                return false;
            }
        }

        return existing is not null && existing.TryGetValue("creationId", out var id) && id.S == ours["creationId"].S;
    }

    /// <summary>
    /// The runtime logs this exception's message as it is, outside our log masking, and a service
    /// message may quote what it was sent: masked, escaped onto one line and capped like any bad-input value.
    /// </summary>
    private static string ServiceText(string text) => InvalidInputException.Quote(text, MaxServiceTextLength);

    private const int MaxServiceTextLength = 300;
}

/// <summary>The profile could not be written within the time budget; Cognito will retry the trigger.</summary>
public sealed class ProfileStoreException : Exception
{
    public ProfileStoreException() { }

    public ProfileStoreException(string message) : base(message) { }

    public ProfileStoreException(string message, Exception innerException) : base(message, innerException) { }
}
