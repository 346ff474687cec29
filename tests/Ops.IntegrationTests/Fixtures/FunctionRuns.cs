using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using LambdaSuite.Remediator.Alarms;
using LambdaSuite.Remediator.Aws;
using LambdaSuite.Remediator.Model;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Ops.IntegrationTests.Fixtures;

/// <summary>
/// Each function's NativeAOT bootstrap run through infra/local/invoke, as the template configures it,
/// against a local stack of its own: on its sample events and on the failure cases that write the
/// failure metrics, every EMF line it printed read back (<see cref="EmfLine"/>). The runs build on each
/// other (the second alarm finds the first one's lock), so they run once, in order, for the class.
/// </summary>
public sealed class FunctionRuns : IAsyncLifetime, IDisposable
{
    /// <summary>The suite's namespace in these runs: not the default, so a namespace written out anywhere shows.</summary>
    public const string Namespace = "LambdaSuite/TieTest";

    private const string Cluster = "demo-cluster";
    private static readonly string[] Services = ["demo-api", "demo-worker", "demo-jobs"];
    private static readonly string Events = RepositoryPaths.Combine("infra", "events");

    private readonly LocalAws _aws = new();

    internal List<EmittedMetric> Emitted { get; } = [];

    /// <summary>Run label → its EMF lines, for the checks on one run.</summary>
    internal Dictionary<string, List<EmittedMetric>> ByRun { get; } = [];

    public async Task InitializeAsync()
    {
        await _aws.InitializeAsync();
        await LogShipperAsync();
        await RemediatorAsync();
        await PostConfirmationAsync();
    }

    public Task DisposeAsync() => _aws.DisposeAsync();

    public void Dispose() => _aws.Dispose();

    private async Task LogShipperAsync()
    {
        const string fn = "LogShipperFunction";
        var env = SampleEnv("logshipper", fn);
        await PutObjectsAsync("s3-put.json");
        await RunAsync(fn, "S3 notification", Sample("logshipper", "s3-put.json"), env);
        // One message names an object never written: a failed message, answered per item.
        await RunAsync(fn, "SQS batch", Sample("logshipper", "sqs-s3.json").Replace("app+access+log.gz", "never-written.gz", StringComparison.Ordinal), env);
        await PutObjectsAsync("batch-operations-2.0.json");
        await RunAsync(fn, "back-fill", Sample("logshipper", "batch-operations-2.0.json"), env);
        await RunAsync(fn, "preflight", Sample("logshipper", "preflight.json"), env);
        await RunAsync(fn, "invalid event", """{"Records":[{"eventSource":"aws:s3"}]}""", env, exit: 1);
    }

    private async Task RemediatorAsync()
    {
        const string fn = "RemediatorFunction";
        var env = SampleEnv("remediator", fn, ("ALLOWED_SERVICES", string.Join(',', Services.Select(s => $"{Cluster}/{s}"))));
        await SeedTasksAsync();
        var api = Sample("remediator", "eventbridge-service-alarm.json");
        string Alarm(string service) => api.Replace("demo-api", service, StringComparison.Ordinal);
        await RunAsync(fn, "alarm", api, env);
        await RunAsync(fn, "same alarm again", api, env);
        // The first stop holds the only slot of a budget of one.
        await RunAsync(fn, "fleet budget spent", Alarm(Services[1]), With(env, ("FLEET_MAX_STOPS", "1")));
        await RunAsync(fn, "too few tasks", Alarm(Services[1]), With(env, ("MIN_RUNNING_TASKS", "100")));
        await RunAsync(fn, "dry run", api, With(env, ("DRY_RUN", "true")));
        await RunAsync(fn, "service not allowed", Alarm("demo-other"), env);
        await RunAsync(fn, "stale event", api, With(env, ("MAX_EVENT_AGE_SECONDS", "60")));
        await SeedDeadHolderAsync(Alarm(Services[2]), Services[2]);
        await RunAsync(fn, "lock of an invocation that died", Alarm(Services[2]), env);
        await RunAsync(fn, "lock table missing", api, With(env, ("LOCK_TABLE_NAME", "no-such-table")), exit: 1);
        await RunAsync(fn, "invalid event", "{}", env, exit: 1);
    }

    private async Task PostConfirmationAsync()
    {
        const string fn = "PostConfirmationFunction";
        var env = SampleEnv("postconfirmation", fn);
        var signUp = Sample("postconfirmation", "confirm-signup.json");
        await RunAsync(fn, "sign-up", signUp, env);
        await RunAsync(fn, "sign-up again", signUp, env);
        await RunAsync(fn, "forgotten password", Sample("postconfirmation", "confirm-forgot-password.json"), env);
        await RunAsync(fn, "users table missing", signUp, With(env, ("USERS_TABLE_NAME", "no-such-table")), exit: 1);
        await RunAsync(fn, "invalid event", "{}", env, exit: 1);
    }

    private async Task RunAsync(string function, string label, string eventJson, JsonObject env, int exit = 0)
    {
        var eventFile = ScriptRun.TempFile(eventJson);
        var envFile = ScriptRun.TempFile(new JsonObject { [function] = env.DeepClone() }.ToJsonString());
        var (code, stdout, stderr) = await ScriptRun.RunAsync(
            RepositoryPaths.Combine("infra", "local", "invoke"),
            [function, "-e", eventFile, "-n", envFile, "--parameter-overrides", $"MetricsNamespace={Namespace}", $"RemediatorClusterName={Cluster}", $"RemediatorAllowedServices={Cluster}/{Services[0]}"],
            [new("LAMBDASUITE_STACK_DIR", _aws.StateDirectory)]);
        File.Delete(eventFile);
        File.Delete(envFile);
        Assert.True(code == exit, $"{function} ({label}): exit {code}, expected {exit}\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
        var run = $"{function} ({label})";
        // Local invoke names the function by its logical id, as AWS_LAMBDA_FUNCTION_NAME too.
        var lines = EmfLine.Read(stderr, function, run);
        ByRun[run] = lines;
        Emitted.AddRange(lines);
    }

    /// <summary>The sample env.json's variables for the function, less METRICS_NAMESPACE: the template's (MetricsNamespace) applies.</summary>
    private static JsonObject SampleEnv(string folder, string function, params (string Name, string Value)[] overrides)
    {
        var env = JsonNode.Parse(File.ReadAllText(Path.Combine(Events, folder, "env.json")))![function]!.AsObject().DeepClone().AsObject();
        env.Remove("METRICS_NAMESPACE");
        return With(env, overrides);
    }

    private static JsonObject With(JsonObject env, params (string Name, string Value)[] overrides)
    {
        var copy = env.DeepClone().AsObject();
        foreach (var (name, value) in overrides)
        {
            copy[name] = value;
        }

        return copy;
    }

    private static string Sample(string folder, string file) => File.ReadAllText(Path.Combine(Events, folder, file));

    /// <summary>The objects a LogShipper sample names, as the demo puts them (infra/local/put-event-objects.mjs).</summary>
    private async Task PutObjectsAsync(string sample)
    {
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        psi.ArgumentList.Add(RepositoryPaths.Combine("infra", "local", "put-event-objects.mjs"));
        psi.ArgumentList.Add(Path.Combine(Events, "logshipper", sample));
        foreach (var (k, v) in _aws.Environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"put-event-objects.mjs {sample}: exit {process.ExitCode}\n{await stderr}");
    }

    /// <summary>Three services of three tasks each (the middle one UNHEALTHY), all in the allow-list.</summary>
    private Task SeedTasksAsync()
    {
        var now = DateTimeOffset.UtcNow;
        JsonNode Task(string health, int minutesAgo) => new JsonObject { ["healthStatus"] = health, ["lastStatus"] = "RUNNING", ["startedAt"] = now.AddMinutes(-minutesAgo).ToUnixTimeSeconds() };
        var services = Services.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s, ["desiredCount"] = 3, ["tasks"] = new JsonArray(Task("HEALTHY", 300), Task("UNHEALTHY", 120), Task("HEALTHY", 30)),
        });
        var seed = new JsonObject { ["clusters"] = new JsonArray(new JsonObject { ["name"] = Cluster, ["services"] = new JsonArray([.. services]) }) };
        return _aws.EcsResetAsync(seed.ToJsonString());
    }

    /// <summary>The service's lock taken by the function's own lock code for an invocation whose deadline has passed.</summary>
    private async Task SeedDeadHolderAsync(string alarmJson, string service)
    {
        using var dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials(_aws.AccessKey, _aws.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = _aws.DynamoDbEndpoint.ToString(), AuthenticationRegion = _aws.Region });
        var table = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(Events, "remediator", "env.json")))!["RemediatorFunction"]!["LOCK_TABLE_NAME"]!;
        var locks = new DynamoDbRemediationLock(dynamo, table, TimeSpan.FromMinutes(10), TimeProvider.System);
        var alarm = AlarmEventParser.Parse(Encoding.UTF8.GetBytes(alarmJson));
        var attempt = await locks.TryAcquireAsync(new ServiceTarget(Cluster, service), alarm, dryRun: false, DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);
        Assert.NotNull(attempt.Lease);
    }
}

/// <summary>One metric of one EMF line: its namespace, name, unit, dimension sets and the dimensions' values.</summary>
internal sealed record EmittedMetric(string Function, string Run, string Namespace, string Name, string Unit, IReadOnlyList<string[]> DimensionSets, IReadOnlyDictionary<string, string> Dimensions, double[] Values);

/// <summary>The EMF lines among a function's output, read as CloudWatch extracts metrics from them.</summary>
internal static class EmfLine
{
    public static List<EmittedMetric> Read(string output, string function, string run)
    {
        var metrics = new List<EmittedMetric>();
        foreach (var line in output.Split('\n').Where(l => l.StartsWith('{')))
        {
            if (JsonNode.Parse(line) is not JsonObject { } root || root["_aws"] is not JsonObject aws)
            {
                continue;
            }

            foreach (var directive in aws["CloudWatchMetrics"]!.AsArray())
            {
                var sets = directive!["Dimensions"]!.AsArray().Select(set => set!.AsArray().Select(d => (string)d!).ToArray()).ToList();
                var dimensions = sets.SelectMany(s => s).Distinct().ToDictionary(d => d, d => root[d] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? v.ToString()
                    : throw new InvalidOperationException($"{run}: dimension {d} has no string value in {line}"));
                foreach (var metric in directive["Metrics"]!.AsArray())
                {
                    var name = (string)metric!["Name"]!;
                    if (root[name] is not (JsonValue or JsonArray))
                    {
                        throw new InvalidOperationException($"{run}: metric {name} has no value in {line}");
                    }

                    var values = root[name] is JsonArray list ? list.Select(v => (double)v!).ToArray() : [(double)root[name]!];
                    metrics.Add(new EmittedMetric(function, run, (string)directive["Namespace"]!, name, (string?)metric["Unit"] ?? "None", sets, dimensions, values));
                }
            }
        }

        return metrics;
    }
}
