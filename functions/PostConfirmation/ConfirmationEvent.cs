using System.Text.Json;
using LambdaSuite.Common.Logging;

namespace LambdaSuite.PostConfirmation;

/// <summary>The few fields of a Cognito post-confirmation event this function reads.</summary>
/// <remarks>
/// Only read, never re-serialised: the handler returns the caller's original bytes. Every other
/// attribute (notably <c>custom:role</c>) is deliberately not read, so nothing a user supplied at
/// sign-up can reach the profile's role.
/// </remarks>
internal sealed record ConfirmationEvent(string TriggerSource, string? UserPoolId, string? UserName, string? Sub, string? Email)
{
    public const string ConfirmSignUp = "PostConfirmation_ConfirmSignUp";

    public bool CreatesProfile => TriggerSource == ConfirmSignUp;

    /// <summary>Parses the event; a malformed event is an <see cref="InvalidEventException"/> naming the field and value.</summary>
    public static ConfirmationEvent Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw new InvalidEventException($"event is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InvalidEventException.Field("(root)", root, "a JSON object");
            }

            var source = RequiredString(root, "triggerSource", "triggerSource");
            var attributes = TryObject(TryObject(root, "request", "request"), "userAttributes", "request.userAttributes");
            return new ConfirmationEvent(
                source,
                OptionalString(root, "userPoolId", "userPoolId"),
                OptionalString(root, "userName", "userName"),
                attributes is { } a ? OptionalString(a, "sub", "request.userAttributes.sub") : null,
                attributes is { } b ? OptionalString(b, "email", "request.userAttributes.email") : null);
        }
    }

    /// <summary>The fields a profile needs, or an <see cref="InvalidEventException"/> naming the first one missing.</summary>
    public UserProfile ToProfile(DateTimeOffset createdAt) => new(
        Sub: Require(Sub, "request.userAttributes.sub"),
        UserName: Require(UserName, "userName"),
        UserPoolId: Require(UserPoolId, "userPoolId"),
        Email: Email,
        CreatedAt: createdAt);

    private static string Require(string? value, string path)
        => value ?? throw new InvalidEventException($"{path} is required: expected a non-empty string");

    private static JsonElement? TryObject(JsonElement? parent, string name, string path)
    {
        if (parent is not { } p || !p.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw InvalidEventException.Field(path, value, "a JSON object");
    }

    private static string RequiredString(JsonElement parent, string name, string path)
        => OptionalString(parent, name, path) ?? throw new InvalidEventException($"{path} is required: expected a non-empty string");

    /// <summary>A non-blank string, null when absent, JSON null or blank; any other JSON type is invalid.</summary>
    private static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw InvalidEventException.Field(path, value, "a string");
        }

        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}

/// <summary>The event cannot be processed; the one-line message names the field and the value.</summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException() { }

    public InvalidEventException(string message) : base(message) { }

    public InvalidEventException(string message, Exception innerException) : base(message, innerException) { }

    internal static InvalidEventException Field(string path, JsonElement value, string expected)
    {
        // Values reach Lambda's error report unmasked, so mask here and keep them short.
        var raw = EmailMask.Mask(value.GetRawText());
        var shown = raw.Length > 80 ? raw[..80] + "..." : raw;
        return new InvalidEventException($"{path}={shown} is invalid: expected {expected}");
    }
}
