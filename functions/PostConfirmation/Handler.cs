using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Invocation;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Common.Runtime;
using LambdaSuite.PostConfirmation.Aws;
using LambdaSuite.PostConfirmation.Events;
using LambdaSuite.PostConfirmation.Profiles;

namespace LambdaSuite.PostConfirmation;

/// <summary>
/// Cognito post-confirmation trigger: creates the user's profile once, on
/// <c>PostConfirmation_ConfirmSignUp</c>, and hands Cognito back the event exactly as received.
/// Thin: read the event, confirm, answer.
/// </summary>
public sealed class Handler : IInvocationHandler
{
    internal const string FunctionName = "PostConfirmation";

    private readonly PostConfirmationSettings _settings;
    private readonly ProfileCreator _profiles;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly TimeProvider _time;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler() : this(new EnvironmentReader()) { }

    /// <summary>Production wiring from the given environment.</summary>
    internal Handler(EnvironmentReader env)
    {
        var settings = PostConfirmationSettings.FromEnvironment(env);
        var (log, metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        (_settings, _log, _metrics, _time) = (settings, log, metrics, TimeProvider.System);
        _profiles = new ProfileCreator(DynamoDbProfileStore.Create(settings, env, _time), log, metrics, _time);
    }

    /// <summary>Test wiring: the settings, store, log, metrics and clock given.</summary>
    internal Handler(PostConfirmationSettings settings, IProfileStore store, ILog log, IMetrics metrics, TimeProvider time)
    {
        (_settings, _log, _metrics, _time) = (settings, log, metrics, time);
        _profiles = new ProfileCreator(store, log, metrics, time);
    }

    /// <summary>
    /// The DynamoDB call ends at the earlier of DYNAMODB_DEADLINE_MS (Cognito's 5 s wait, which
    /// does not follow the function's Timeout) and Lambda's deadline minus <see cref="PostConfirmationSettings.DeadlineMargin"/>.
    /// </summary>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.CancelBeforeDeadline(_settings.DeadlineMargin, _time);
        try
        {
            var original = await HandlerInput.ReadAllAsync(input).ConfigureAwait(false);
            await _profiles.ConfirmAsync(ConfirmationEvent.Parse(original), deadline.Token).ConfigureAwait(false);
            // Cognito requires the event back; the original bytes cannot drift from what it sent.
            return new MemoryStream(original, writable: false);
        }
        catch (InvalidInputException e)
        {
            // Nothing was written; ProfilesFailed stays about writes.
            InvalidEvents.Report(_log, _metrics, e);
            throw;
        }
        catch (ProfileStoreException e)
        {
            // Cognito hands this message to the app that signed the user up: the cause (table, error
            // code, the service's text) stays in the "profile not created" log line of this request.
            throw new ProfileStoreException($"the user's profile could not be created; the cause is logged under request {context.RequestId}", e);
        }
        finally
        {
            _metrics.Flush();
        }
    }
}
