using LambdaSuite.Common.Logging;
using LambdaSuite.Common.Metrics;
using LambdaSuite.PostConfirmation.Events;
using LambdaSuite.PostConfirmation.Model;

namespace LambdaSuite.PostConfirmation.Profiles;

/// <summary>
/// Creates the user's profile once, on <c>PostConfirmation_ConfirmSignUp</c>; any other trigger
/// source writes nothing. Counts each outcome (ProfilesCreated, ProfilesAlreadyExisting,
/// ProfilesSkipped, ProfilesFailed) and logs the user by sub, never by e-mail address.
/// </summary>
internal sealed class ProfileCreator(IProfileStore store, ILog log, IMetrics metrics, TimeProvider time)
{
    /// <param name="deadline">Ends the write (see the handler's reserve before Lambda's deadline).</param>
    public async Task ConfirmAsync(ConfirmationEvent confirmation, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        if (!confirmation.CreatesProfile)
        {
            metrics.Add(PostConfirmationMetrics.ProfilesSkipped, 1, MetricUnit.Count);
            log.Info(
                "no profile written: only sign-up confirmation creates one",
                ("triggerSource", confirmation.TriggerSource),
                ("userPoolId", confirmation.UserPoolId),
                ("sub", confirmation.Sub));
            return;
        }

        var profile = confirmation.ToProfile(time.GetUtcNow());
        ProfileCreation outcome;
        try
        {
            outcome = await store.CreateIfAbsentAsync(profile, deadline).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            metrics.Add(PostConfirmationMetrics.ProfilesFailed, 1, MetricUnit.Count);
            log.Error("profile not created", e, ("sub", profile.Sub), ("userPoolId", profile.UserPoolId));
            throw;
        }

        if (outcome == ProfileCreation.Created)
        {
            metrics.Add(PostConfirmationMetrics.ProfilesCreated, 1, MetricUnit.Count);
            log.Info("profile created", ("sub", profile.Sub), ("userPoolId", profile.UserPoolId), ("role", UserProfile.InitialRole));
        }
        else
        {
            metrics.Add(PostConfirmationMetrics.ProfilesAlreadyExisting, 1, MetricUnit.Count);
            log.Info("profile already exists: left unchanged", ("sub", profile.Sub), ("userPoolId", profile.UserPoolId));
        }
    }
}
