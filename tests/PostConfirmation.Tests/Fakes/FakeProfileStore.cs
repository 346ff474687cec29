using LambdaSuite.PostConfirmation.Model;
using LambdaSuite.PostConfirmation.Profiles;

namespace PostConfirmation.Tests.Fakes;

/// <summary>Records profiles; answers with a fixed outcome or throws.</summary>
internal sealed class FakeProfileStore : IProfileStore
{
    private readonly List<UserProfile> _calls = [];

    public ProfileCreation Outcome { get; set; } = ProfileCreation.Created;

    public Exception? Failure { get; set; }

    public IReadOnlyList<UserProfile> Calls => _calls;

    /// <summary>The token the last call was given (the handler's deadline).</summary>
    public CancellationToken LastToken { get; private set; }

    /// <summary>Runs inside the call, while the handler's deadline is live.</summary>
    public Action<CancellationToken>? During { get; set; }

    public Task<ProfileCreation> CreateIfAbsentAsync(UserProfile profile, CancellationToken cancellationToken = default)
    {
        _calls.Add(profile);
        LastToken = cancellationToken;
        During?.Invoke(cancellationToken);
        return Failure is null ? Task.FromResult(Outcome) : Task.FromException<ProfileCreation>(Failure);
    }
}
