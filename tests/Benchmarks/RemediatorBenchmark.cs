using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Remediator;
using LambdaSuite.Remediator.Aws.Ecs;
using LambdaSuite.Remediator.Model;
using LambdaSuite.Remediator.Reporting;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// Remediator figures against a private local stack: AWS calls per acted alarm and per suppressed
/// duplicate, a 50-way concurrent burst, and a storm of 30 alarms across 10 services that the fleet
/// brake holds to 3 stops. Cold starts: the <c>coldstart</c> benchmark.
/// </summary>
internal static class RemediatorBenchmark
{
    private const string Cluster = "bench-cluster";
    private const string LockTable = "lambdasuite-remediation-locks";
    internal static async Task<int> RunAsync(string[] args)
    {
        var aws = new LocalAws();
        await aws.InitializeAsync();
        try
        {
            await CallsPerAlarmAsync(aws);
            await BurstAsync(aws);
            await StormAsync(aws);
        }
        finally
        {
            await aws.DisposeAsync();
        }

        return 0;
    }

    private static async Task CallsPerAlarmAsync(LocalAws aws)
    {
        var (handler, dynamo, ecs, _) = Wire(aws, Cluster, "calls");
        await SeedAsync(aws, Cluster, 3, "calls");
        var alarm = Alarm(Cluster, "calls");

        var acted = await InvokeAsync(handler, alarm);
        var ecsActed = await EcsCallsAsync(aws);
        var dynamoActed = dynamo.Total;
        var dynamoActedBreakdown = dynamo.ToString();
        var suppressed = await InvokeAsync(handler, alarm);
        var ecsSuppressed = await EcsCallsAsync(aws) - ecsActed;
        var dynamoSuppressed = dynamo.Total - dynamoActed;

        Console.WriteLine($"acted alarm          : action={acted}, AWS calls={dynamoActed + ecsActed} (DynamoDB {dynamoActed}: {dynamoActedBreakdown}; ECS {ecsActed})");
        Console.WriteLine($"suppressed duplicate : action={suppressed}, AWS calls={dynamoSuppressed + ecsSuppressed} (DynamoDB {dynamoSuppressed}, ECS {ecsSuppressed})");
        Console.WriteLine("                       (dynalite returns no item with a failed condition, so the loser reads it once; DynamoDB returns it: 1 call)");
        ecs.Dispose();
    }

    private static async Task BurstAsync(LocalAws aws)
    {
        var (handler, dynamo, ecs, sink) = Wire(aws, Cluster, "burst");
        await SeedAsync(aws, Cluster, 3, "burst");
        var alarm = Alarm(Cluster, "burst");

        var clock = Stopwatch.StartNew();
        var actions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => InvokeAsync(handler, alarm))));
        clock.Stop();

        var stops = (await aws.EcsStateAsync()).GetProperty("calls").TryGetProperty("StopTask", out var s) ? s.GetInt32() : 0;
        Console.WriteLine($"50 concurrent alarms : {clock.ElapsedMilliseconds} ms wall, stopped={actions.Count(a => a == "stopped")}, skipped={actions.Count(a => a == "skipped")}, "
            + $"StopTask calls={stops}, DynamoDB calls={dynamo.Total} ({dynamo}), ECS calls={await EcsCallsAsync(aws)}, RemediationsSuppressed={sink.MetricSum(RemediatorMetrics.Suppressed)}");
        ecs.Dispose();
    }

    private static async Task StormAsync(LocalAws aws)
    {
        const string StormCluster = "bench-storm";
        var services = Enumerable.Range(0, 10).Select(i => "svc-" + i).ToArray();
        var (handler, dynamo, ecs, sink) = Wire(aws, StormCluster, services);
        await SeedAsync(aws, StormCluster, 3, services);
        var alarms = services.SelectMany(service => Enumerable.Range(0, 3).Select(_ => Alarm(StormCluster, service))).ToList();

        var clock = Stopwatch.StartNew();
        var actions = await Task.WhenAll(alarms.Select(alarm => Task.Run(() => InvokeAsync(handler, alarm))));
        clock.Stop();

        var stops = (await aws.EcsStateAsync()).GetProperty("calls").TryGetProperty("StopTask", out var s) ? s.GetInt32() : 0;
        Console.WriteLine($"storm, 30 alarms / 10 services, FLEET_MAX_STOPS=3 : {clock.ElapsedMilliseconds} ms wall, stopped={actions.Count(a => a == "stopped")}, "
            + $"held={actions.Count(a => a == "held")}, skipped={actions.Count(a => a == "skipped")}, StopTask calls={stops}, "
            + $"DynamoDB calls={dynamo.Total} ({dynamo}), FleetBrakeEngaged={sink.MetricSum(RemediatorMetrics.FleetBrakeEngaged)}");
        ecs.Dispose();
    }

    private static (Handler Handler, CountingHttpClientFactory Dynamo, EcsClient Ecs, MemorySink Sink) Wire(LocalAws aws, string cluster, params string[] services)
    {
        var dynamo = new CountingHttpClientFactory();
        var dynamoClient = new AmazonDynamoDBClient(
            new BasicAWSCredentials(aws.AccessKey, aws.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = aws.DynamoDbEndpoint.ToString(), AuthenticationRegion = aws.Region, HttpClientFactory = dynamo });
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_ECS"] = aws.EcsEndpoint.ToString(), ["AWS_REGION"] = aws.Region };
        var ecs = new EcsClient(new EcsClientOptions { Environment = new EnvironmentReader(env), Credentials = new BasicAWSCredentials(aws.AccessKey, aws.SecretKey) });
        var settings = new RemediatorSettings { LockTableName = LockTable, ClusterName = cluster, AllowedServices = services.Select(service => new ServiceTarget(cluster, service)).ToHashSet() };
        var sink = new MemorySink();
        var handler = new Handler(settings, ecs, dynamoClient, TimeProvider.System, new JsonLog(sink, "Remediator", LambdaSuite.Common.Logging.LogLevel.Error), new EmfMetrics(sink, "Bench", "Remediator"));
        return (handler, dynamo, ecs, sink);
    }

    private static async Task<string> InvokeAsync(Handler handler, string alarm)
    {
        using var output = await handler.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(alarm)), TestInvocation.Context());
        return (await JsonDocument.ParseAsync(output)).RootElement.GetProperty("action").GetString()!;
    }

    private static async Task<int> EcsCallsAsync(LocalAws aws)
        => (await aws.EcsStateAsync()).GetProperty("calls").EnumerateObject().Sum(p => p.Value.GetInt32());

    private static Task SeedAsync(LocalAws aws, string cluster, int tasks, params string[] services) => aws.EcsResetAsync(new JsonObject
    {
        ["clusters"] = new JsonArray(new JsonObject
        {
            ["name"] = cluster,
            ["services"] = new JsonArray([.. services.Select(service => (JsonNode)new JsonObject { ["name"] = service, ["desiredCount"] = tasks, ["deploymentController"] = "CODE_DEPLOY" })]),
        }),
    }.ToJsonString());

    private static string Alarm(string cluster, string service) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "CloudWatch Alarm State Change",
        ["source"] = "aws.cloudwatch",
        ["time"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        ["detail"] = new JsonObject
        {
            ["alarmName"] = "bench-" + service,
            ["state"] = new JsonObject { ["value"] = "ALARM" },
            ["configuration"] = new JsonObject
            {
                ["metrics"] = new JsonArray(new JsonObject
                {
                    ["metricStat"] = new JsonObject { ["metric"] = new JsonObject { ["dimensions"] = new JsonObject { ["ClusterName"] = cluster, ["ServiceName"] = service } } },
                }),
            },
        },
    }.ToJsonString();
}
