using System.Text.Json.Serialization;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>An object that could not be copied: <c>error</c> is "Category: detail".</summary>
internal sealed record FailedObject(string SourceKey, string Error)
{
    /// <summary>The category the error starts with (<c>AccessDenied</c>, <c>DeadlineExceeded</c>, ...); not part of the answer's JSON.</summary>
    [JsonIgnore]
    public string Category => Error.Split(':', 2)[0];
}
