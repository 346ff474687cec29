using LambdaSuite.Common;
using LambdaSuite.Common.Configuration;
using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.Common.Runtime;

namespace LambdaSuite.PostConfirmation;

/// <summary>
/// Cognito post-confirmation trigger: creates the user's profile once, on
/// <c>PostConfirmation_ConfirmSignUp</c>, and hands Cognito back the event exactly as received.
/// </summary>
public sealed class Handler : IInvocationHandler
{
    internal const string FunctionName = "PostConfirmation";

    /// <summary>
    /// Kept between the end of the DynamoDB call and Lambda's deadline, for the answer and the
    /// metrics: a call cut by the deadline still ends as a logged, counted error, not a timeout.
    /// </summary>
    internal static readonly TimeSpan ResponseReserve = TimeSpan.FromMilliseconds(250);

    private readonly IProfileStore _store;
    private readonly ILog _log;
    private readonly IMetrics _metrics;
    private readonly TimeProvider _time;

    /// <summary>Production wiring, once per execution environment: bad configuration fails init naming the variable.</summary>
    public Handler()
    {
        var env = new EnvironmentReader();
        var settings = Settings.FromEnvironment(env);
        (_log, _metrics) = FunctionTelemetry.FromEnvironment(env, FunctionName);
        _store = DynamoDbProfileStore.Create(settings, env);
        _time = TimeProvider.System;
    }

    internal Handler(IProfileStore store, ILog log, IMetrics metrics, TimeProvider time)
    {
        _store = store;
        _log = log;
        _metrics = metrics;
        _time = time;
    }

    /// <summary>
    /// The DynamoDB call ends at the earlier of DYNAMODB_DEADLINE_MS (Cognito's 5 s wait, which
    /// does not follow the function's Timeout) and Lambda's deadline minus <see cref="ResponseReserve"/>.
    /// </summary>
    public async Task<Stream> HandleAsync(Stream input, InvocationContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.CancelBeforeDeadline(ResponseReserve, _time);
        try
        {
            var original = await HandlerInput.ReadAllAsync(input).ConfigureAwait(false);
            await ProcessAsync(original, deadline.Token).ConfigureAwait(false);
            // Cognito requires the event back; the original bytes cannot drift from what it sent.
            return new MemoryStream(original, writable: false);
        }
        catch (InvalidInputException e)
        {
            // Nothing was written; ProfilesFailed stays about writes.
            InvalidEvents.Report(_log, _metrics, e);
            throw;
        }
        catch (Exception e)
        {
            _metrics.Add("ProfilesFailed", 1, MetricUnit.Count);
            _log.Error("profile not created", e);
            throw;
        }
        finally
        {
            _metrics.Flush();
        }
    }

    private async Task ProcessAsync(byte[] original, CancellationToken deadline)
    {
        var confirmation = ConfirmationEvent.Parse(original);
        if (!confirmation.CreatesProfile)
        {
            _metrics.Add("ProfilesSkipped", 1, MetricUnit.Count);
            _log.Info(
                "no profile written: only sign-up confirmation creates one",
                ("triggerSource", confirmation.TriggerSource),
                ("userPoolId", confirmation.UserPoolId),
                ("sub", confirmation.Sub));
            return;
        }

        var profile = confirmation.ToProfile(_time.GetUtcNow());
        var outcome = await _store.CreateIfAbsentAsync(profile, deadline).ConfigureAwait(false);
        // The e-mail is deliberately not logged; the sub identifies the user.
        if (outcome == CreateOutcome.Created)
        {
            _metrics.Add("ProfilesCreated", 1, MetricUnit.Count);
            _log.Info("profile created", ("sub", profile.Sub), ("userPoolId", profile.UserPoolId), ("role", UserProfile.InitialRole));
        }
        else
        {
            _metrics.Add("ProfilesAlreadyExisting", 1, MetricUnit.Count);
            _log.Info("profile already exists: left unchanged", ("sub", profile.Sub), ("userPoolId", profile.UserPoolId));
        }
    }
}
