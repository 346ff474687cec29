using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LambdaSuite.Common;
using LambdaSuite.Common.Aws;
using LambdaSuite.Common.Configuration;
using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.PostConfirmation.Profiles;

namespace LambdaSuite.PostConfirmation.Aws;

/// <summary>
/// One conditional PutItem per profile: <c>attribute_not_exists(PK)</c> makes retries and duplicates
/// harmless. Each write carries a random <c>creationId</c>, so a write that DynamoDB applied but whose
/// response was lost — the SDK's retry then fails the condition against our own item — is still
/// counted as created, not as already existing.
/// </summary>
internal sealed class DynamoDbProfileStore : IProfileStore
{
    private readonly IAmazonDynamoDB _dynamo;
    private readonly PostConfirmationSettings _settings;
    private readonly TimeProvider _time;

    /// <param name="time">The clock of <see cref="PostConfirmationSettings.Deadline"/> and of the elapsed time in errors.</param>
    public DynamoDbProfileStore(IAmazonDynamoDB dynamo, PostConfirmationSettings settings, TimeProvider time)
    {
        _dynamo = dynamo;
        _settings = settings;
        _time = time;
    }

    /// <summary>
    /// The production store: the SDK client with short per-attempt and connect timeouts and few
    /// retries, so a slow or unreachable DynamoDB ends inside Cognito's 5 s (arithmetic in
    /// <see cref="PostConfirmationSettings"/>).
    /// </summary>
    public static DynamoDbProfileStore Create(PostConfirmationSettings settings, EnvironmentReader env, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DynamoDbProfileStore(new AmazonDynamoDBClient(AwsClientFactory.Config<AmazonDynamoDBConfig>("DYNAMODB", settings.DynamoDbLimits, env)), settings, time);
    }

    public async Task<ProfileCreation> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default)
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

        // The configured deadline on the function's clock, or the caller's (Lambda's) deadline if that comes first.
        using var configured = new CancellationTokenSource(_settings.Deadline, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, configured.Token);
        var started = _time.GetTimestamp();
        try
        {
            await _dynamo.PutItemAsync(request, deadline.Token).ConfigureAwait(false);
            return ProfileCreation.Created;
        }
        catch (ConditionalCheckFailedException e)
        {
            return await IsOwnWriteAsync(e.Item, item, deadline.Token).ConfigureAwait(false) ? ProfileCreation.Created : ProfileCreation.AlreadyExists;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            // Timeouts, unreachable endpoints and service errors left after the retries (throttling,
            // access denied, missing table) all become one line that keeps the service's error code.
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            var code = e is AmazonServiceException s && !string.IsNullOrEmpty(s.ErrorCode) ? s.ErrorCode : e.GetType().Name;
            throw new ProfileStoreException(
                string.Create(CultureInfo.InvariantCulture, $"DynamoDB PutItem on table {_settings.TableName} failed after {elapsed:F0} ms ") +
                string.Create(CultureInfo.InvariantCulture, $"(deadline {_settings.Deadline.TotalMilliseconds:F0} ms, {_settings.MaxRetries + 1} attempts of at most {_settings.AttemptTimeout.TotalMilliseconds:F0} ms): {code}: {ServiceText(e.Message)}"),
                e);
        }
    }

    /// <summary>
    /// Whether the item that failed the condition is the one this call wrote (same creationId):
    /// <see cref="ConditionalWrite"/>, reading the item once when DynamoDB did not return it
    /// (dynalite ignores ReturnValuesOnConditionCheckFailure). The profile exists either way, so if
    /// that read fails the answer is "already existing" rather than a failed confirmation.
    /// </summary>
    private async Task<bool> IsOwnWriteAsync(Dictionary<string, AttributeValue>? existing, Dictionary<string, AttributeValue> ours, CancellationToken cancellationToken)
    {
        try
        {
            var (own, _) = await ConditionalWrite.WasOursAsync(
                existing,
                async token => (await _dynamo.GetItemAsync(new GetItemRequest
                {
                    TableName = _settings.TableName,
                    Key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { ["PK"] = ours["PK"], ["SK"] = ours["SK"] },
                    ConsistentRead = true,
                    ProjectionExpression = "creationId",
                }, token).ConfigureAwait(false)).Item,
                item => item.TryGetValue("creationId", out var id) ? id.S : null,
                ours["creationId"].S,
                cancellationToken).ConfigureAwait(false);
            return own;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>
    /// The runtime logs this exception's message as it is, outside our log masking, and a service
    /// message may quote what it was sent: masked, escaped onto one line and capped like any bad-input value.
    /// </summary>
    private static string ServiceText(string text) => InvalidInputException.Quote(text, MaxServiceTextLength);

    private const int MaxServiceTextLength = 300;
}
