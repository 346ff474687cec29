using LambdaSuite.PostConfirmation.Model;

namespace LambdaSuite.PostConfirmation.Profiles;

/// <summary>Where profiles live (the seam for handler and domain tests).</summary>
internal interface IProfileStore
{
    /// <summary>Creates the profile unless one exists for the same user; never changes an existing one.</summary>
    Task<ProfileCreation> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default);
}

/// <summary>The profile could not be written within the time budget; Cognito will retry the trigger.</summary>
public sealed class ProfileStoreException : Exception
{
    public ProfileStoreException() { }

    public ProfileStoreException(string message) : base(message) { }

    public ProfileStoreException(string message, Exception innerException) : base(message, innerException) { }
}
