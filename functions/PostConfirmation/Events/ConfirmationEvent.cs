using System.Text;
using System.Text.Json;
using LambdaSuite.Common;
using LambdaSuite.PostConfirmation.Model;

namespace LambdaSuite.PostConfirmation.Events;

/// <summary>The few fields of a Cognito post-confirmation event this function reads.</summary>
/// <remarks>
/// Only read, never re-serialised: the handler returns the caller's original bytes. Every other
/// attribute (notably <c>custom:role</c>) is deliberately not read, so nothing a user supplied at
/// sign-up can reach the profile's role.
/// </remarks>
internal sealed record ConfirmationEvent(string TriggerSource, string? UserPoolId, string? UserName, string? Sub, string? Email)
{
    public const string ConfirmSignUp = "PostConfirmation_ConfirmSignUp";

    /// <summary>Cognito's limits: user pool ids are at most 55 characters, user names 128, attribute values 2,048.</summary>
    public const int MaxUserPoolIdLength = 55;
    public const int MaxUserNameLength = 128;
    public const int MaxAttributeLength = 2048;

    /// <summary>DynamoDB keys are at most 2,048 bytes; the partition key is <c>USER#</c> + sub.</summary>
    public const int MaxSubBytes = 2048 - 5;

    private const string AttributesPath = "request.userAttributes";

    public bool CreatesProfile => TriggerSource == ConfirmSignUp;

    /// <summary>
    /// Parses the event strictly (one JSON value, readable text, each field within Cognito's limits);
    /// a malformed event is an <see cref="InvalidInputException"/> naming the field and value, raised
    /// before anything is written.
    /// </summary>
    public static ConfirmationEvent Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonInput.Parse(utf8Json.Span, "event");
        var root = document.RootElement;
        JsonInput.CheckText(root, string.Empty);
        var source = Optional(root, "triggerSource", string.Empty) ?? throw InvalidInputException.Missing("triggerSource");
        var attributes = JsonFields.OptionalObject(root, "request") is { } request
            ? JsonFields.OptionalObject(request, "userAttributes", "request")
            : null;
        return new ConfirmationEvent(
            source,
            Optional(root, "userPoolId", string.Empty, MaxUserPoolIdLength),
            Optional(root, "userName", string.Empty, MaxUserNameLength),
            attributes is { } a ? ReadSub(a) : null,
            attributes is { } b ? Optional(b, "email", AttributesPath, MaxAttributeLength) : null);
    }

    /// <summary>A longer sub could not be a DynamoDB key: refused here as bad input, not by DynamoDB as a retryable failure.</summary>
    private static string? ReadSub(JsonElement attributes)
    {
        var sub = Optional(attributes, "sub", AttributesPath, MaxAttributeLength);
        return sub is null || Encoding.UTF8.GetByteCount(sub) is var bytes && bytes <= MaxSubBytes
            ? sub
            : throw JsonFields.TooLong(JsonFields.Join(AttributesPath, "sub"), sub, MaxSubBytes, "bytes of UTF-8", bytes);
    }

    /// <summary>The fields a profile needs, or an <see cref="InvalidInputException"/> naming the first one missing.</summary>
    public UserProfile ToProfile(DateTimeOffset createdAt) => new(
        Sub: Sub ?? throw InvalidInputException.Missing(JsonFields.Join(AttributesPath, "sub")),
        UserName: UserName ?? throw InvalidInputException.Missing("userName"),
        UserPoolId: UserPoolId ?? throw InvalidInputException.Missing("userPoolId"),
        Email: Email,
        CreatedAt: createdAt);

    /// <summary>Blank strings count as absent: a key such as <c>USER#  </c> would be a real, wrong item.</summary>
    private static string? Optional(JsonElement parent, string name, string path, int maxLength = JsonFields.DefaultMaxLength)
        => JsonFields.OptionalString(parent, name, path, maxLength) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;
}
