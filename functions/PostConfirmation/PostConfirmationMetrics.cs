namespace LambdaSuite.PostConfirmation;

/// <summary>The function's metric names (the template's alarms and dashboard read them).</summary>
internal static class PostConfirmationMetrics
{
    public const string ProfilesCreated = "ProfilesCreated";
    public const string ProfilesAlreadyExisting = "ProfilesAlreadyExisting";
    public const string ProfilesSkipped = "ProfilesSkipped";
    public const string ProfilesFailed = "ProfilesFailed";
}
