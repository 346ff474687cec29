namespace LambdaSuite.PostConfirmation.Profiles;

/// <summary>What a conditional create found: the profile is new (this call wrote it) or was already there.</summary>
internal enum CreateOutcome
{
    Created,
    AlreadyExists,
}
