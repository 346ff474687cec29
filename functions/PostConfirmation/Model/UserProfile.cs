namespace LambdaSuite.PostConfirmation.Model;

/// <summary>The profile record created at sign-up. The role is not a field: every new profile is a member.</summary>
internal sealed record UserProfile(string Sub, string UserName, string UserPoolId, string? Email, DateTimeOffset CreatedAt)
{
    /// <summary>New profiles are members; only an administrator's later update may raise the role.</summary>
    public const string InitialRole = "MEMBER";

    public string PartitionKey => "USER#" + Sub;

    public const string SortKey = "PROFILE";
}

/// <summary>What a conditional create of a profile found: the profile is new (this call wrote it) or was already there.</summary>
internal enum ProfileCreation
{
    Created,
    AlreadyExists,
}
