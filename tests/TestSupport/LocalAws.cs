using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using Xunit;

namespace LambdaSuite.TestSupport;

/// <summary>
/// A private instance of the embedded local AWS stack (dynalite, fauxqs, the ECS stand-in) on free
/// ports, started through <c>infra/local/stack up --ports auto</c> (with <c>--tls</c>: over HTTPS)
/// with its own state directory and stopped with <c>stack down</c>. Several can run side by side.
/// </summary>
public sealed class LocalAws : IAsyncLifetime, IDisposable
{
    private HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Over HTTP. The one public constructor: xUnit requires it of a collection fixture.</summary>
    public LocalAws() { }

    private LocalAws(bool tls) => Tls = tls;

    /// <summary>A stack serving every endpoint over HTTPS (<c>stack up --tls</c>).</summary>
    public static LocalAws Https() => new(tls: true);

    /// <summary>Whether every endpoint is HTTPS, with a CA of the stack's own (exported as TLS_TRUST_FILE).</summary>
    public bool Tls { get; }

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("lambdasuite-stack-").FullName;

    /// <summary>The <c>export</c> lines of <c>stack up</c>, as a map (endpoints, region, dummy credentials).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    public Uri S3Endpoint => new(Environment["AWS_ENDPOINT_URL_S3"]);

    /// <summary>fauxqs' SQS, served on the S3 port.</summary>
    public Uri SqsEndpoint => new(Environment["AWS_ENDPOINT_URL_SQS"]);

    public Uri DynamoDbEndpoint => new(Environment["AWS_ENDPOINT_URL_DYNAMODB"]);

    public Uri EcsEndpoint => new(Environment["AWS_ENDPOINT_URL_ECS"]);

    public string Region => Environment["AWS_REGION"];

    public string AccessKey => Environment["AWS_ACCESS_KEY_ID"];

    public string SecretKey => Environment["AWS_SECRET_ACCESS_KEY"];

    public async Task InitializeAsync()
    {
        var output = await (Tls ? RunStackAsync("up", "--ports", "auto", "--tls") : RunStackAsync("up", "--ports", "auto"));
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("export ", StringComparison.Ordinal))
            {
                continue;
            }

            var assignment = line["export ".Length..];
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            env[assignment[..eq]] = assignment[(eq + 1)..].Trim('\'', '"');
        }

        foreach (var required in new[] { "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_ECS", "AWS_REGION" })
        {
            if (!env.ContainsKey(required))
            {
                throw new InvalidOperationException($"stack up printed no {required}:\n{output}");
            }
        }

        Environment = env;
        if (Tls)
        {
            // The control endpoints are HTTPS too: trusted as the functions trust the stack (TLS_TRUST_FILE).
            _http.Dispose();
            _http = new HttpClient(AwsHttp.Transport(new EnvironmentReader(env))) { Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        Dispose();
        await RunStackAsync("down");
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Logs of a failed run are worth more than a tidy temp directory.
        }
    }

    /// <summary>Environment for a child process (e.g. local invoke) that should use this stack.</summary>
    public IDictionary<string, string> ChildEnvironment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Environment, StringComparer.Ordinal);
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }

        return env;
    }

    /// <summary><c>stack reset</c>: empty tables and buckets, the ECS demo seed restored.</summary>
    public Task ResetAsync() => RunStackAsync("reset");

    /// <summary>Uploads the source objects a sample event names (infra/local/put-event-objects.mjs), as the demo does.</summary>
    public async Task PutEventObjectsAsync(string eventFile)
    {
        var psi = new ProcessStartInfo("node", [RepositoryPaths.Combine("infra", "local", "put-event-objects.mjs"), eventFile]) { RedirectStandardError = true };
        foreach (var (k, v) in Environment)
        {
            psi.Environment[k] = v; // over HTTPS NODE_EXTRA_CA_CERTS makes node trust the stack
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"put-event-objects {eventFile} exited {process.ExitCode}: {errors}");
        }
    }

    /// <summary>Resets the ECS stand-in to the demo seed, or to <paramref name="seedJson"/>.</summary>
    public Task EcsResetAsync(string? seedJson = null) => EcsControlAsync("reset", seedJson);

    /// <summary>Injects a fault into the ECS stand-in (see infra/local/README.md for the shape).</summary>
    public Task EcsFaultAsync(string faultJson) => EcsControlAsync("faults", faultJson);

    /// <summary>The ECS stand-in's whole state, including per-operation call counts.</summary>
    public async Task<JsonElement> EcsStateAsync()
    {
        var body = await _http.GetStringAsync(new Uri(EcsEndpoint, "/_standin/state"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task EcsControlAsync(string action, string? json)
    {
        using var content = new StringContent(json ?? string.Empty, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(new Uri(EcsEndpoint, "/_standin/" + action), content);
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> RunStackAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        psi.ArgumentList.Add(RepositoryPaths.Combine("infra", "local", "stack"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LAMBDASUITE_STACK_DIR"] = StateDirectory;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"infra/local/stack {string.Join(' ', args)} exited {process.ExitCode}:\n{await stderr}");
        }

        return await stdout;
    }
}

/// <summary>Name of the collection whose classes share one <see cref="LocalAws"/> per test assembly (see LocalAwsDefinition).</summary>
public static class LocalAwsGroup
{
    public const string Name = "local-aws";
}
