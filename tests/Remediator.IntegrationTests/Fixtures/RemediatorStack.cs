using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Remediator.IntegrationTests.Fixtures;

/// <summary>
/// The Remediator wired to the local stack: real DynamoDB lock (dynalite) and its ECS client
/// against the ECS stand-in, on a fake clock that starts now and moves only when a test moves it,
/// and a DynamoDB request counter. One service of its own cluster, or a fleet of them (<see cref="ForNewFleet"/>).
/// </summary>
internal sealed class RemediatorStack : IDisposable
{
    public const string LockTable = "lambdasuite-remediation-locks";

    /// <summary>Three running tasks, the middle one UNHEALTHY (started 300, 120 and 30 minutes ago).</summary>
    public static readonly (string Health, int StartedMinutesAgo)[] ThreeTasksOneUnhealthy = [("HEALTHY", 300), ("UNHEALTHY", 120), ("HEALTHY", 30)];

    private readonly LocalAws _aws;

    public RemediatorStack(LocalAws aws, string cluster, string service, int cooldownSeconds = 600, bool dryRun = false, string? alarmNamePrefix = null,
        IReadOnlyList<string>? fleet = null, int fleetMaxStops = RemediatorSettings.DefaultFleetMaxStops)
    {
        _aws = aws;
        Cluster = cluster;
        Service = service;
        Services = fleet ?? [service];
        Settings = new RemediatorSettings
        {
            LockTableName = LockTable,
            ClusterName = cluster,
            AllowedServices = Services.Select(s => new ServiceTarget(cluster, s)).ToHashSet(),
            Cooldown = TimeSpan.FromSeconds(cooldownSeconds),
            DryRun = dryRun,
            AlarmNamePrefix = alarmNamePrefix,
            FleetMaxStops = fleetMaxStops,
        };
        DynamoDb = new AmazonDynamoDBClient(
            new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonDynamoDBConfig
            {
                ServiceURL = aws.DynamoDbEndpoint.ToString(), AuthenticationRegion = aws.Region, HttpClientFactory = DynamoCalls, Timeout = TimeSpan.FromSeconds(10),
                // The production client's retries (Budgets), so injected faults play out as they would in Lambda.
                RetryMode = RequestRetryMode.Standard, MaxErrorRetry = Budgets.DynamoDb.MaxErrorRetry,
            });
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = aws.EcsEndpoint.ToString(), ["AWS_REGION"] = aws.Region };
        Ecs = new EcsClient(new EcsClientOptions
        {
            Environment = new EnvironmentReader(env),
            Credentials = new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            // The production limits; no backoff jitter, so retries follow at once on the test clock.
            AttemptTimeout = Budgets.EcsAttempt,
            Retry = new EcsRetryOptions { MaxAttempts = Budgets.EcsAttempts, TotalBudget = Budgets.EcsCall, NextRandom = () => 0 },
            Time = Clock,
        });
    }

    /// <summary>A stack on a cluster and service of its own (<paramref name="clusterPrefix"/> and a fresh id), so tests never see each other's tasks or lock.</summary>
    public static RemediatorStack ForNewService(LocalAws aws, string clusterPrefix, int cooldownSeconds = 600, bool dryRun = false, string? alarmNamePrefix = null)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return new RemediatorStack(aws, clusterPrefix + "-" + id, "svc-" + id, cooldownSeconds, dryRun, alarmNamePrefix);
    }

    /// <summary>A cluster of its own with <paramref name="services"/> services, all allowed; <see cref="Service"/> is the first.</summary>
    public static RemediatorStack ForNewFleet(LocalAws aws, string clusterPrefix, int services, int fleetMaxStops)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return new RemediatorStack(aws, clusterPrefix + "-" + id, "svc-0", fleet: [.. Enumerable.Range(0, services).Select(i => "svc-" + i)], fleetMaxStops: fleetMaxStops);
    }

    public string Cluster { get; }

    public string Service { get; }

    /// <summary>Every service of the cluster (the allow-list).</summary>
    public IReadOnlyList<string> Services { get; }

    public RemediatorSettings Settings { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CountingHttpClientFactory DynamoCalls { get; } = new();

    public IAmazonDynamoDB DynamoDb { get; }

    public EcsClient Ecs { get; }

    public MemorySink Sink { get; } = new();

    public string LockKey => (Settings.DryRun ? "DRYRUN#" : "LOCK#") + Cluster + "#" + Service;

    /// <summary>A fresh handler, as a new execution environment would build it (clients shared for speed).</summary>
    public Handler NewHandler() => new(Settings, Ecs, DynamoDb, Clock, new JsonLog(Sink, "Remediator"), new EmfMetrics(Sink, "Test", "Remediator"), Links);

    /// <summary>What Lambda's AWS_REGION and AWS_LAMBDA_LOG_GROUP_NAME give in production.</summary>
    public ConsoleLinks Links { get; } = new("us-east-1", "/aws/lambda/lambdasuite-it-Remediator");

    public async Task<JsonElement> InvokeAsync(string json, Handler? handler = null, string? requestId = null)
    {
        var context = requestId is null ? TestInvocation.Context(Clock) : TestInvocation.Context(Clock, requestId: requestId);
        var output = await (handler ?? NewHandler()).HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), context);
        return (await JsonDocument.ParseAsync(output)).RootElement.Clone();
    }

    /// <summary>Resets the stand-in (POST /_standin/reset) to this test's own cluster: each of its services with the given task health and ages.</summary>
    public Task SeedAsync(params (string Health, int StartedMinutesAgo)[] tasks)
    {
        var now = Clock.GetUtcNow();
        var services = Services.Select(service => (JsonNode)new JsonObject
        {
            ["name"] = service,
            ["desiredCount"] = tasks.Length,
            ["deploymentController"] = "CODE_DEPLOY",
            ["tasks"] = new JsonArray([.. tasks.Select(t => (JsonNode)new JsonObject
            {
                ["healthStatus"] = t.Health,
                ["lastStatus"] = "RUNNING",
                ["startedAt"] = now.AddMinutes(-t.StartedMinutesAgo).ToUnixTimeSeconds(),
            })]),
        });
        var seed = new JsonObject { ["clusters"] = new JsonArray(new JsonObject { ["name"] = Cluster, ["services"] = new JsonArray([.. services]) }) };
        return _aws.EcsResetAsync(seed.ToJsonString());
    }

    /// <summary>Per service of the cluster, how many of its tasks were told to stop.</summary>
    public async Task<Dictionary<string, int>> StoppedPerServiceAsync()
    {
        var state = await _aws.EcsStateAsync();
        return state.GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("clusterName").GetString() == Cluster)
            .SelectMany(c => c.GetProperty("services").EnumerateArray())
            .ToDictionary(s => s.GetProperty("serviceName").GetString()!, s => s.GetProperty("tasks").EnumerateArray().Count(t => t.GetProperty("desiredStatus").GetString() == "STOPPED"));
    }

    /// <summary>This service's tasks as the stand-in holds them.</summary>
    public async Task<List<JsonElement>> TasksAsync()
    {
        var state = await _aws.EcsStateAsync();
        return [.. state.GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("clusterName").GetString() == Cluster)
            .SelectMany(c => c.GetProperty("services").EnumerateArray())
            .Where(s => s.GetProperty("serviceName").GetString() == Service)
            .SelectMany(s => s.GetProperty("tasks").EnumerateArray())];
    }

    public async Task<int> EcsCallsAsync(string operation)
    {
        var calls = (await _aws.EcsStateAsync()).GetProperty("calls");
        return calls.TryGetProperty(operation, out var n) ? n.GetInt32() : 0;
    }

    public async Task<int> EcsCallsTotalAsync()
        => (await _aws.EcsStateAsync()).GetProperty("calls").EnumerateObject().Sum(p => p.Value.GetInt32());

    public Task<Dictionary<string, AttributeValue>?> LockItemAsync() => ItemAsync(LockKey);

    /// <summary>The item under <paramref name="key"/> (e.g. a fleet budget slot), read consistently; null when there is none.</summary>
    public async Task<Dictionary<string, AttributeValue>?> ItemAsync(string key)
    {
        var response = await DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = LockTable,
            Key = new Dictionary<string, AttributeValue> { ["PK"] = new() { S = key } },
            ConsistentRead = true,
        });
        return response.IsItemSet ? response.Item : null;
    }

    /// <summary>An EventBridge alarm event naming this service by its metric dimensions.</summary>
    public string Alarm(string alarmName = "it-errors", string state = "ALARM", string? service = null) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "CloudWatch Alarm State Change",
        ["source"] = "aws.cloudwatch",
        ["detail"] = new JsonObject
        {
            ["alarmName"] = alarmName,
            ["state"] = new JsonObject { ["value"] = state, ["timestamp"] = Clock.GetUtcNow().ToString("o", CultureInfo.InvariantCulture) },
            ["configuration"] = new JsonObject
            {
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["id"] = "m1",
                    ["metricStat"] = new JsonObject
                    {
                        ["metric"] = new JsonObject
                        {
                            ["namespace"] = "IT",
                            ["name"] = "Errors",
                            ["dimensions"] = new JsonObject { ["ClusterName"] = Cluster, ["ServiceName"] = service ?? Service },
                        },
                    },
                }),
            },
        },
    }.ToJsonString();

    public void Dispose()
    {
        DynamoDb.Dispose();
        Ecs.Dispose();
    }
}

