using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace LambdaSuite.Common.Logging;

/// <summary>
/// Writes log property values without reflection (keeps the library trim/AOT safe). Strings are
/// e-mail-masked; unknown types fall back to their invariant string form.
/// </summary>
internal static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(EmailMask.Mask(s));
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case DateTimeOffset dto:
                json.WriteStringValue(IsoTime.Format(dto));
                break;
            case DateTime dt:
                json.WriteStringValue(IsoTime.Format(new DateTimeOffset(dt.ToUniversalTime(), TimeSpan.Zero)));
                break;
            case TimeSpan ts:
                json.WriteNumberValue(Math.Round(ts.TotalMilliseconds, 3));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                json.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    json.WritePropertyName(k);
                    Write(json, v);
                }

                json.WriteEndObject();
                break;
            case IEnumerable sequence:
                json.WriteStartArray();
                foreach (var item in sequence)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case IFormattable formattable:
                json.WriteStringValue(EmailMask.Mask(formattable.ToString(null, CultureInfo.InvariantCulture)));
                break;
            default:
                json.WriteStringValue(EmailMask.Mask(value.ToString() ?? string.Empty));
                break;
        }
    }
}
