using System.Text.Json;

namespace LambdaSuite.Common;

/// <summary>
/// Reading event fields with one set of rules for every function: absent (or JSON null) optional
/// fields are null; a field of the wrong JSON type is an <see cref="InvalidInputException"/>
/// naming its dotted path. <c>path</c> is the path of <c>obj</c> itself ("" for the root).
/// </summary>
public static class JsonFields
{
    public static string RequiredString(JsonElement obj, string name, string path = "")
        => OptionalString(obj, name, path) ?? throw InvalidInputException.Missing(Join(path, name));

    public static string? OptionalString(JsonElement obj, string name, string path = "")
        => Get(obj, name, path) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(value, Join(path, name), "a string")
            : null;

    public static JsonElement RequiredObject(JsonElement obj, string name, string path = "")
        => OptionalObject(obj, name, path) ?? throw InvalidInputException.Missing(Join(path, name));

    public static JsonElement? OptionalObject(JsonElement obj, string name, string path = "")
        => Get(obj, name, path) is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : throw WrongType(value, Join(path, name), "an object")
            : null;

    public static JsonElement RequiredArray(JsonElement obj, string name, string path = "")
        => Get(obj, name, path) is { } value
            ? value.ValueKind == JsonValueKind.Array ? value : throw WrongType(value, Join(path, name), "an array")
            : throw InvalidInputException.Missing(Join(path, name));

    public static long? OptionalInt64(JsonElement obj, string name, string path = "")
        => Get(obj, name, path) is { } value
            ? value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : throw WrongType(value, Join(path, name), "an integer")
            : null;

    /// <summary>"detail" + "alarmName" → "detail.alarmName".</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static JsonElement? Get(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(obj, path.Length == 0 ? "event" : path, "an object");
        }

        return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    private static InvalidInputException WrongType(JsonElement value, string field, string expected)
        => InvalidInputException.Invalid(field, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), expected);
}
