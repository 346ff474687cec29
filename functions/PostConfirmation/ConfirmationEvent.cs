using System.Text.Json;
using LambdaSuite.Common;

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

    private const string AttributesPath = "request.userAttributes";

    public bool CreatesProfile => TriggerSource == ConfirmSignUp;

    /// <summary>Parses the event; a malformed event is an <see cref="InvalidInputException"/> naming the field and value.</summary>
    public static ConfirmationEvent Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            // The parser's message names at most the offending character and its position, not the payload.
            throw new InvalidInputException($"event is not valid JSON: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var source = Optional(root, "triggerSource", string.Empty) ?? throw InvalidInputException.Missing("triggerSource");
            var attributes = JsonFields.OptionalObject(root, "request") is { } request
                ? JsonFields.OptionalObject(request, "userAttributes", "request")
                : null;
            return new ConfirmationEvent(
                source,
                Optional(root, "userPoolId", string.Empty),
                Optional(root, "userName", string.Empty),
                attributes is { } a ? Optional(a, "sub", AttributesPath) : null,
                attributes is { } b ? Optional(b, "email", AttributesPath) : null);
        }
    }

    /// <summary>The fields a profile needs, or an <see cref="InvalidInputException"/> naming the first one missing.</summary>
    public UserProfile ToProfile(DateTimeOffset createdAt) => new(
        Sub: Sub ?? throw InvalidInputException.Missing(JsonFields.Join(AttributesPath, "sub")),
        UserName: UserName ?? throw InvalidInputException.Missing("userName"),
        UserPoolId: UserPoolId ?? throw InvalidInputException.Missing("userPoolId"),
        Email: Email,
        CreatedAt: createdAt);

    /// <summary>Blank strings count as absent: a key such as <c>USER#  </c> would be a real, wrong item.</summary>
    private static string? Optional(JsonElement parent, string name, string path)
        => JsonFields.OptionalString(parent, name, path) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;
}
