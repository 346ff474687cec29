using System.Globalization;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Runtime;
using LambdaSuite.Common.Tests.Fakes;
using LambdaSuite.TestSupport;
using Xunit;

namespace LambdaSuite.Common.Tests.Runtime;

/// <summary>The runtime loop with its production HTTP client against a Runtime API on a real socket.</summary>
public sealed class RuntimeOverSocketTests
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    [Fact]
    public async Task Invocations_share_one_kept_alive_connection_and_a_broken_environment_ends_the_loop_with_exit_code_2()
    {
        var served = 0;
        using var server = new SocketRuntimeApi((method, path, body) =>
        {
            if (method == "POST")
            {
                return (202, NoHeaders, []);
            }

            // Three events, then the answer of an environment that cannot go on.
            return ++served <= 3 ? (200, EventHeaders($"req-{served}"), "{}"u8.ToArray()) : (500, NoHeaders, "{}"u8.ToArray());
        });
        using var client = new RuntimeApiClient(server.Endpoint);
        var sink = new MemorySink();

        var exit = await new LambdaRuntime(client, new JsonLog(sink, "Test"), (_, _) => { }).RunAsync(() => new Echo());

        Assert.Equal(LambdaRuntime.RuntimeApiFailedExitCode, exit);
        Assert.Equal(
            ["GET /2018-06-01/runtime/invocation/next", "POST /2018-06-01/runtime/invocation/req-1/response",
             "GET /2018-06-01/runtime/invocation/next", "POST /2018-06-01/runtime/invocation/req-2/response",
             "GET /2018-06-01/runtime/invocation/next", "POST /2018-06-01/runtime/invocation/req-3/response",
             "GET /2018-06-01/runtime/invocation/next"],
            server.Requests);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task An_init_failure_reaches_init_error_over_http_and_exits_with_code_1()
    {
        using var server = new SocketRuntimeApi((_, _, _) => (202, NoHeaders, []));
        using var client = new RuntimeApiClient(server.Endpoint);

        var exit = await new LambdaRuntime(client, new JsonLog(new MemorySink(), "Test"), (_, _) => { })
            .RunAsync(() => throw new LambdaSuite.Common.Configuration.ConfigurationException("CLUSTER_NAME is required"));

        Assert.Equal(LambdaRuntime.InitFailedExitCode, exit);
        Assert.Equal(["POST /2018-06-01/runtime/init/error"], server.Requests);
    }

    [Fact]
    public async Task An_unreachable_runtime_api_ends_the_loop_with_exit_code_2_after_init()
    {
        var port = FreePort();
        using var client = new RuntimeApiClient($"127.0.0.1:{port}");
        var initialised = false;

        var exit = await new LambdaRuntime(client, new JsonLog(new MemorySink(), "Test"), (_, _) => { }).RunAsync(() =>
        {
            initialised = true;
            return new Echo();
        });

        Assert.True(initialised);
        Assert.Equal(LambdaRuntime.RuntimeApiFailedExitCode, exit);
    }

    private static Dictionary<string, string> EventHeaders(string requestId) => new()
    {
        ["Lambda-Runtime-Aws-Request-Id"] = requestId,
        ["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        ["Lambda-Runtime-Invoked-Function-Arn"] = TestInvocation.FunctionArn,
    };

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class Echo : IInvocationHandler
    {
        public Task<Stream> HandleAsync(Stream input, InvocationContext context) => Task.FromResult(input);
    }
}
