using LambdaSuite.LocalInvoke;
using LambdaSuite.TestSupport;

namespace LambdaSuite.Benchmarks;

/// <summary>
/// How a cold start reaches its private local stack: over HTTP, or over HTTPS with the store the
/// functions check certificates against first. Each has a stack of its own, so every run of a
/// round starts from the same data. HTTP and "TLS, OS store" run as before the Amazon store
/// (TLS_TRUST_STORE=system, no TLS_TRUST_FILE: over HTTP no TLS work at all; over HTTPS the OS
/// bundle plus the stack's CA, as SSL_CERT_FILE), so TLS-HTTP of the Amazon store counts all it does.
/// </summary>
internal sealed record Transport(string Name, LocalAws Aws, IReadOnlyDictionary<string, string> Environment, string[] Parameters)
{
    public static Transport Http(LocalAws aws) => AsBefore("HTTP", aws);

    public static Transport OsStore(LocalAws aws) => AsBefore("TLS, OS store", aws);

    public static Transport AmazonStore(LocalAws aws) => new("TLS, Amazon store", aws, aws.Environment, []);

    private static Transport AsBefore(string name, LocalAws aws)
    {
        var env = aws.Environment.Where(e => e.Key != "TLS_TRUST_FILE").ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        env["TLS_TRUST_STORE"] = "system"; // for the echo template, which declares no TlsTrustStore
        return new(name, aws, env, ["TlsTrustStore=system"]);
    }
}

/// <summary>One bootstrap as infra/local/invoke would run it, with its sample event, over one transport, and its samples.</summary>
internal sealed record Subject(string Name, Transport Transport, LocalFunction Function, byte[] Payload, bool Jit)
{
    private static readonly string[] DemoService = ["RemediatorClusterName=demo-cluster", "RemediatorAllowedServices=demo-cluster/demo-api"];

    public List<InvocationResult> Samples { get; } = [];

    /// <summary>The bare echo bootstrap: the runtime loop and nothing else.</summary>
    public static Subject Echo(Transport transport, bool jit = false) => Fixture("echo (bare)", "EchoFunction", transport, jit);

    /// <summary>The echo bootstrap making one GET to the stack's DynamoDB endpoint with the functions' transport and trust.</summary>
    public static Subject RequestEcho(Transport transport) => Fixture("echo + 1 request", "RequestEchoFunction", transport, jit: false);

    /// <summary>Where the TLS time of a first request goes (FIXTURE_TRUST: amazon or system).</summary>
    public static Subject TlsPhases(Transport transport, string trust)
    {
        var env = new Dictionary<string, string>(transport.Environment, StringComparer.Ordinal)
        {
            ["FIXTURE_TRUST"] = trust,
            ["FIXTURE_CA"] = transport.Aws.Environment["TLS_TRUST_FILE"],
        };
        return Fixture($"phases ({trust})", "TlsPhasesFunction", transport with { Environment = env }, jit: false);
    }

    public static Subject Of(string name, string sampleEvent, Transport transport, bool jit = false)
    {
        var folder = name.ToLowerInvariant();
        string[] overrides = [.. name == "Remediator" ? DemoService : [], .. transport.Parameters];
        string[] parameters = overrides.Length == 0 ? [] : ["--parameter-overrides", .. overrides];
        string[] args = [$"{name}Function", "-n", RepositoryPaths.Combine("infra", "events", folder, "env.json"), .. parameters];
        return new(name, transport, Prepare(args, transport, jit), SampleEvent(folder, sampleEvent), jit);
    }

    private static Subject Fixture(string name, string logicalId, Transport transport, bool jit)
    {
        string[] args = ["-t", RepositoryPaths.Combine("tests", "LocalInvoke.IntegrationTests", "Fixtures", "echo-template.yaml"), logicalId];
        return new(name, transport, Prepare(args, transport, jit), SampleEvent("postconfirmation", "confirm-signup.json"), jit);
    }

    /// <summary>What infra/local/invoke does before it starts the function: resolve, build (only when changed), environment.</summary>
    private static LocalFunction Prepare(string[] args, Transport transport, bool jit)
        => LambdaSuite.LocalInvoke.Program.Prepare(Options.Parse(jit ? [.. args, "--jit"] : args, RepositoryPaths.Root), RepositoryPaths.Root, transport.Environment);

    private static byte[] SampleEvent(string folder, string file) => File.ReadAllBytes(RepositoryPaths.Combine("infra", "events", folder, file));
}
