using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LambdaSuite.Common;

/// <summary>
/// Reading event fields with one set of rules for every function: absent (or JSON null) optional
/// fields are null; a field of the wrong JSON type, text that is not valid Unicode, or a string
/// longer than its limit is an <see cref="InvalidInputException"/> naming its dotted path.
/// <c>path</c> is the path of <c>obj</c> itself ("" for the root). Strings are read only through
/// <see cref="Text"/>, so no read can throw anything else.
/// </summary>
public static class JsonFields
{
    /// <summary>
    /// The limit of a string field that names no tighter one: the longest single value AWS puts in
    /// these events (an ARN, a Cognito attribute) is 2,048 characters. Message bodies and keys pass their own.
    /// </summary>
    public const int DefaultMaxLength = 2048;

    public static string RequiredString(JsonElement obj, string name, string path = "", int maxLength = DefaultMaxLength)
        => OptionalString(obj, name, path, maxLength) ?? throw InvalidInputException.Missing(Join(path, name));

    public static string? OptionalString(JsonElement obj, string name, string path = "", int maxLength = DefaultMaxLength)
        => Get(obj, name, path) is { } value
            ? value.ValueKind == JsonValueKind.String ? Text(value, Join(path, name), maxLength) : throw WrongType(value, Join(path, name), "a string")
            : null;

    /// <summary>
    /// The one way strings are read: a lone surrogate escape or invalid UTF-8 (which make
    /// <see cref="JsonElement.GetString"/> throw) and text over <paramref name="maxLength"/>
    /// characters are bad input naming <paramref name="field"/>, checked before any other use of the value.
    /// </summary>
    public static string Text(JsonElement value, string field, int maxLength = DefaultMaxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(value, field, "a string");
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw JsonInput.InvalidText(field, value, e);
        }

        return text.Length <= maxLength ? text : throw TooLong(field, text, maxLength);
    }

    /// <summary><c>field="…" is invalid: expected at most N characters (got M)</c>; <paramref name="length"/> is measured in <paramref name="unit"/> (default: the value's characters).</summary>
    public static InvalidInputException TooLong(string field, string value, int maxLength, string unit = "characters", int? length = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return InvalidInputException.Invalid(field, value, string.Create(CultureInfo.InvariantCulture, $"at most {maxLength:N0} {unit} (got {length ?? value.Length:N0})"));
    }

    /// <summary>A property's name, or bad input naming the object that holds it when the name is not valid Unicode.</summary>
    public static string PropertyName(JsonProperty property, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            var shown = Unescaped(Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property)));
            throw new InvalidInputException(
                $"{(path.Length == 0 ? "event" : path)} has a property name {InvalidInputException.Quote(shown)} that is invalid: expected {JsonInput.UnicodeText}", e);
        }
    }

    /// <summary>
    /// The element as raw JSON text for an error message; never throws (invalid UTF-8 replaced,
    /// escapes kept except those of printable ASCII, so that e-mail masking sees an escaped '@' or
    /// '.'). A string that cannot be read is shown by <see cref="ShownText"/> instead.
    /// </summary>
    public static string Shown(JsonElement value) => PrintableEscapesDecoded(Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value)));

    /// <summary><c>\u0040</c> → '@' and the like for printable ASCII other than '"' and '\'; other escapes stay as written.</summary>
    private static string PrintableEscapesDecoded(string raw)
    {
        if (!raw.Contains("\\u00", StringComparison.OrdinalIgnoreCase))
        {
            return raw;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 5 < raw.Length && raw[i + 1] == 'u'
                && int.TryParse(raw.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && code is >= 0x20 and < 0x7F and not '"' and not '\\')
            {
                text.Append((char)code);
                i += 5;
            }
            else
            {
                text.Append(raw[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A string's text for an error message, even when it cannot be read: every escape decoded, a lone
    /// surrogate kept as the one character it names (<see cref="InvalidInputException.Quote(string?)"/>
    /// shows it as <c>\ud800</c>, escaped once), invalid UTF-8 replaced. Decoded, so e-mail masking sees
    /// an escaped '@' or '.'.
    /// </summary>
    public static string ShownText(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return Unescaped(Encoding.UTF8.GetString(value.ValueKind == JsonValueKind.String && raw.Length >= 2 ? raw[1..^1] : raw));
    }

    private static string Unescaped(string raw)
    {
        if (!raw.Contains('\\', StringComparison.Ordinal))
        {
            return raw;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\' || i + 1 == raw.Length)
            {
                text.Append(raw[i]);
                continue;
            }

            var escape = raw[++i];
            if (escape == 'u' && i + 4 < raw.Length && ushort.TryParse(raw.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text.Append((char)code);
                i += 4;
                continue;
            }

            text.Append(escape switch
            {
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => escape,
            });
        }

        return text.ToString();
    }

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
    /// <summary>A field path; a name from the payload is shown on one line and capped, as it may hold anything.</summary>
    public static string Join(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var shown = name.Length <= MaxNameInPath && !name.AsSpan().ContainsAnyInRange('\0', '\u001f') && !name.Contains('\u007f', StringComparison.Ordinal) ? name : ShownName(name);
        return path.Length == 0 ? shown : $"{path}.{shown}";
    }

    /// <summary>How much of a property name a field path shows.</summary>
    public const int MaxNameInPath = 100;

    private static string ShownName(string name)
    {
        var text = new StringBuilder();
        foreach (var c in TextPrefix.Capped(name, MaxNameInPath))
        {
            _ = char.IsControl(c) ? text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)) : text.Append(c);
        }

        return text.ToString();
    }

    private static JsonElement? Get(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(obj, path.Length == 0 ? "event" : path, "an object");
        }

        try
        {
            return obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
        }
        catch (InvalidOperationException e)
        {
            // A lookup compares escaped names by unescaping them, and a lone surrogate escape cannot be: bad input, named.
            foreach (var property in obj.EnumerateObject())
            {
                _ = PropertyName(property, path);
            }

            throw new InvalidInputException($"{(path.Length == 0 ? "event" : path)} is invalid: expected {JsonInput.UnicodeText} in its property names", e);
        }
    }

    /// <summary>The property's value, or null when it is absent or JSON null; for shape detection, where any type may follow.</summary>
    public static JsonElement? Optional(JsonElement obj, string name, string path = "") => Get(obj, name, path);

    /// <summary>A string is shown as its text (unreadable text as raw JSON), anything else as raw JSON.</summary>
    private static InvalidInputException WrongType(JsonElement value, string field, string expected)
        => InvalidInputException.Invalid(field, value.ValueKind == JsonValueKind.String ? Readable(value) : Shown(value), expected);

    private static string Readable(JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return ShownText(value);
        }
    }
}
