using LambdaSuite.PostConfirmation.Model;

namespace LambdaSuite.PostConfirmation.Profiles;

/// <summary>Where profiles live (the seam for handler and domain tests).</summary>
internal interface IProfileStore
{
    /// <summary>Creates the profile unless one exists for the same user; never changes an existing one.</summary>
    Task<ProfileCreation> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default);
}
