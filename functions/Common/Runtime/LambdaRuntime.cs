using System.Globalization;
using System.Net;
using LambdaSuite.Common.Aws.Tls;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.Common.Runtime;

/// <summary>
/// The custom runtime loop: create the handler (init), then for ever take the next event, run the
/// handler and post its response or error. The one place that speaks the Runtime API, so a served
/// runtime package (Amazon.Lambda.RuntimeSupport) could replace it behind each function's Main.
/// </summary>
/// <remarks>
/// Exit codes: <see cref="InitFailedExitCode"/> after the init error was reported;
/// <see cref="RuntimeApiFailedExitCode"/> when the Runtime API is missing, unreachable or answers
/// that the environment is broken (Lambda then replaces the process). A handler's exception, a
/// response that is too large or an invocation Lambda describes badly never ends the process.
/// </remarks>
public sealed class LambdaRuntime
{
    public const int InitFailedExitCode = 1;
    public const int RuntimeApiFailedExitCode = 2;

    /// <summary>Lambda's limit for a (buffered) response payload: 6 MiB.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    /// <summary>Set per invocation from Lambda-Runtime-Trace-Id: the AWS SDK reads it for X-Ray.</summary>
    public const string TraceVariable = "_X_AMZN_TRACE_ID";

    private readonly RuntimeApiClient _api;
    private readonly ILog _log;
    private readonly Action<string, string?> _setEnvironment;
    private readonly int _maxResponseBytes;
    private bool _coldStart = true;

    public LambdaRuntime(RuntimeApiClient api, ILog log, Action<string, string?>? setEnvironment = null, int maxResponseBytes = MaxResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfNegative(maxResponseBytes);
        (_api, _log, _maxResponseBytes) = (api, log, maxResponseBytes);
        _setEnvironment = setEnvironment ?? Environment.SetEnvironmentVariable;
    }

    /// <summary>
    /// A function's Main: the Runtime API from AWS_LAMBDA_RUNTIME_API, runtime lines on stdout. First
    /// of all, before any TLS connection, the process's trust store is set up (<see cref="ProcessTrust"/>).
    /// </summary>
    public static async Task<int> RunAsync(string functionName, Func<IInvocationHandler> initialise)
    {
        ProcessTrust.Apply(new EnvironmentReader());
        var log = RuntimeLog(functionName);
        var endpoint = Environment.GetEnvironmentVariable(RuntimeApiClient.EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            log.Error($"{RuntimeApiClient.EndpointVariable} is not set: this program is a Lambda bootstrap and runs under the Lambda Runtime API (locally: infra/local/invoke)", null);
            return RuntimeApiFailedExitCode;
        }

        RuntimeApiClient api;
        try
        {
            api = new RuntimeApiClient(endpoint);
        }
        catch (ArgumentException e)
        {
            log.Error(e.Message, null);
            return RuntimeApiFailedExitCode;
        }

        using (api)
        {
            return await new LambdaRuntime(api, log).RunAsync(initialise).ConfigureAwait(false);
        }
    }

    /// <summary>Runs init, then the invocation loop until the Runtime API fails (or <paramref name="stop"/>, for tests).</summary>
    public async Task<int> RunAsync(Func<IInvocationHandler> initialise, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(initialise);
        IInvocationHandler handler;
        try
        {
            handler = initialise();
        }
        catch (Exception e)
        {
            _log.Error("init failed", e);
            await ReportInitErrorAsync(e, stop).ConfigureAwait(false);
            return InitFailedExitCode;
        }

        try
        {
            while (!stop.IsCancellationRequested)
            {
                await InvokeNextAsync(handler, stop).ConfigureAwait(false);
            }

            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            _log.Error("Runtime API failed; exiting so Lambda replaces this execution environment", e);
            return RuntimeApiFailedExitCode;
        }
    }

    private async Task InvokeNextAsync(IInvocationHandler handler, CancellationToken stop)
    {
        var next = await _api.NextAsync(stop).ConfigureAwait(false);
        if (string.IsNullOrEmpty(next.RequestId))
        {
            // Without the id nothing can be answered; a fresh environment is the only way on.
            throw new RuntimeApiException("GET /runtime/invocation/next answered without Lambda-Runtime-Aws-Request-Id");
        }

        var coldStart = _coldStart;
        _coldStart = false;
        // Replaced on every invocation, removed when absent: a previous invocation's trace must not leak.
        _setEnvironment(TraceVariable, string.IsNullOrEmpty(next.TraceId) ? null : next.TraceId);
        if (!long.TryParse(next.DeadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs) || deadlineMs > MaxUnixMs)
        {
            _log.Error("invocation refused: Lambda-Runtime-Deadline-Ms is missing or invalid", null, ("requestId", next.RequestId), ("deadlineMs", next.DeadlineMs));
            await ReportAsync(next.RequestId, "Runtime.InvalidInvocation",
                ErrorReport.Of("InvalidInvocation", $"Lambda-Runtime-Deadline-Ms={InvalidInputException.Quote(next.DeadlineMs)} is invalid: expected Unix time in milliseconds"), stop).ConfigureAwait(false);
            return;
        }

        var context = new InvocationContext(next.RequestId, DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs), next.InvokedFunctionArn ?? string.Empty, next.TraceId, coldStart);
        using (InvocationScope.Enter(context))
        {
            byte[]? response;
            try
            {
                var output = await handler.HandleAsync(new MemoryStream(next.Payload, writable: false), context).ConfigureAwait(false);
                response = await ResponsePayload.ReadAsync(output, _maxResponseBytes).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Error("invocation failed", e);
                await ReportAsync(context.RequestId, "Function." + e.GetType().Name, ErrorReport.From(e), stop).ConfigureAwait(false);
                return;
            }

            if (response is null)
            {
                await ReportTooLargeAsync(context.RequestId, stop).ConfigureAwait(false);
                return;
            }

            var status = await _api.PostResponseAsync(context.RequestId, response, stop).ConfigureAwait(false);
            if (status == HttpStatusCode.RequestEntityTooLarge)
            {
                await ReportTooLargeAsync(context.RequestId, stop).ConfigureAwait(false);
                return;
            }

            CheckPosted(status, "response");
        }
    }

    private async Task ReportTooLargeAsync(string requestId, CancellationToken stop)
    {
        var message = $"the response is larger than the {_maxResponseBytes} bytes Lambda accepts";
        _log.Error("invocation failed: " + message, null, ("errorType", "ResponseSizeTooLarge"));
        await ReportAsync(requestId, "Function.ResponseSizeTooLarge", ErrorReport.Of("ResponseSizeTooLarge", message), stop).ConfigureAwait(false);
    }

    private async Task ReportAsync(string requestId, string functionErrorType, ErrorReport error, CancellationToken stop)
        => CheckPosted(await _api.PostErrorAsync(requestId, functionErrorType, error, stop).ConfigureAwait(false), "error");

    private async Task ReportInitErrorAsync(Exception e, CancellationToken stop)
    {
        try
        {
            var status = await _api.PostInitErrorAsync("Runtime.InitError", ErrorReport.From(e), stop).ConfigureAwait(false);
            if (status != HttpStatusCode.Accepted)
            {
                _log.Warn("the Runtime API did not accept the init error", ("status", (int)status));
            }
        }
        catch (Exception postError) when (postError is HttpRequestException or OperationCanceledException)
        {
            _log.Error("the init error could not be reported to the Runtime API", postError);
        }
    }

    /// <summary>
    /// 202 is the only success. A 5xx means the environment is broken (exit, Lambda starts a new one);
    /// a 4xx (unknown request id, an answer already posted) concerns this invocation only.
    /// </summary>
    private void CheckPosted(HttpStatusCode status, string what)
    {
        if (status == HttpStatusCode.Accepted)
        {
            return;
        }

        if ((int)status >= 500)
        {
            throw new RuntimeApiException($"POST of the invocation {what} answered {(int)status}");
        }

        _log.Warn($"the Runtime API refused the invocation {what}", ("status", (int)status));
    }

    private static JsonLog RuntimeLog(string functionName)
    {
        var env = new EnvironmentReader();
        LogLevel level;
        try
        {
            level = LogLevels.FromEnvironment(env);
        }
        catch (ConfigurationException)
        {
            // The function's own init reports the bad value; the runtime's lines still get written.
            level = LogLevel.Info;
        }

        return new JsonLog(StdoutSink.Shared, functionName, level, environment: env.Get("ENVIRONMENT_NAME"));
    }

    // DateTimeOffset's range ends in year 9999.
    private const long MaxUnixMs = 253_402_300_799_999;
}
