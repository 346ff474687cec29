using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LambdaSuite.Common;

/// <summary>
/// Strict reading of a JSON payload (an invocation event, or JSON nested in one of its strings):
/// exactly one value and nothing after it but whitespace, and — checked separately, so a batch can
/// check each of its messages on its own — no text that cannot become a .NET string (a lone
/// surrogate escape such as <c>"\ud800"</c>, or bytes that are not UTF-8). Everything else reads a
/// checked tree, so no later read can fail in the middle of the work.
/// </summary>
public static class JsonInput
{
    /// <summary>Deeper nesting is refused (System.Text.Json's default; AWS events nest a handful of levels).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>One JSON value; trailing content (garbage, a second document) is invalid. <paramref name="field"/> names the payload in errors.</summary>
    public static JsonDocument Parse(ReadOnlySpan<byte> utf8Json, string field)
    {
        // A byte-order mark is not JSON but harmless; the stream overloads of System.Text.Json skip it too.
        if (utf8Json.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];
        }

        var reader = new Utf8JsonReader(utf8Json, Options);
        JsonDocument document;
        try
        {
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            // The position, not the parser's text: the payload may hold anything, and the message ends up in errorMessage.
            throw new InvalidInputException($"{field} is invalid: expected JSON (syntax error at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", e);
        }

        var rest = utf8Json[(int)reader.BytesConsumed..];
        var extra = rest.IndexOfAnyExcept(" \t\r\n"u8);
        if (extra >= 0)
        {
            document.Dispose();
            throw new InvalidInputException(
                $"{field} is invalid: expected exactly one JSON value, found more content after it at byte {reader.BytesConsumed + extra + 1} (trailing data or a second document)");
        }

        return document;
    }

    /// <summary>JSON held in a string of the payload (an SQS body, an SNS Message).</summary>
    public static JsonDocument Parse(string json, string field)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Strings read through JsonFields are valid UTF-16, so this encoding is exact.
        return Parse(Encoding.UTF8.GetBytes(json), field);
    }

    /// <summary>
    /// Every string value and property name under <paramref name="element"/> can be read as text;
    /// otherwise an <see cref="InvalidInputException"/> naming the first one that cannot.
    /// <paramref name="path"/> is the element's own path ("" for the event itself).
    /// </summary>
    public static void CheckText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                if (!IsReadable(JsonMarshal.GetRawUtf8Value(element), element))
                {
                    throw InvalidText(path.Length == 0 ? "event" : path, element);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonFields.PropertyName(property, path);
                    CheckText(property.Value, JsonFields.Join(path, name));
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckText(item, $"{path}[{index++}]");
                }

                break;
        }
    }

    /// <summary>The field's value cannot be read as text: shown decoded, a lone surrogate as its escape, invalid bytes replaced.</summary>
    internal static InvalidInputException InvalidText(string field, JsonElement value, Exception? inner = null)
        => InvalidInputException.Invalid(field, JsonFields.ShownText(value), UnicodeText, inner);

    internal const string UnicodeText = "Unicode text (no lone surrogate escape such as \\ud800, no invalid UTF-8)";

    /// <summary>Plain UTF-8 is checked without decoding; only escaped text is decoded to find lone surrogates.</summary>
    private static bool IsReadable(ReadOnlySpan<byte> raw, JsonElement element)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(raw);
        }

        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
