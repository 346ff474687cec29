namespace LambdaSuite.PostConfirmation.Profiles;

/// <summary>The profile could not be written within the time budget; Cognito will retry the trigger.</summary>
public sealed class ProfileStoreException : Exception
{
    public ProfileStoreException() { }

    public ProfileStoreException(string message) : base(message) { }

    public ProfileStoreException(string message, Exception innerException) : base(message, innerException) { }
}
