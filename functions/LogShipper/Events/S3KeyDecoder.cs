using System.Text;
using LambdaSuite.Common;

namespace LambdaSuite.LogShipper.Events;

/// <summary>
/// Decodes the object key of an S3 event notification, which S3 sends form-URL-encoded
/// ("New+File.jpg" is "New File.jpg", "%2B" is '+', "%25" is '%'). Applied exactly once: a second
/// pass would turn a real "%2B" in a key into '+'. EventBridge keys are not encoded and never come here.
/// </summary>
internal static class S3KeyDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(string encoded, string field)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (encoded.AsSpan().IndexOfAny('+', '%') < 0)
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    throw InvalidInputException.Invalid(field, Shown(encoded), $"form-URL-encoding ('%' at position {i} is not followed by two hex digits)");
                }

                bytes.Add((byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2])));
                i += 2;
            }
            else
            {
                // Unescaped non-ASCII is not what S3 sends, but pass it through intact rather than guess.
                var length = char.IsHighSurrogate(c) && i + 1 < encoded.Length ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(encoded.AsSpan(i, length), utf8);
                for (var b = 0; b < written; b++)
                {
                    bytes.Add(utf8[b]);
                }

                i += length - 1;
            }
        }

        try
        {
            return StrictUtf8.GetString([.. bytes]);
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidInputException.Invalid(field, Shown(encoded), "form-URL-encoding of UTF-8 (the escapes are not UTF-8)", e);
        }
    }

    /// <summary>S3 sends '@' as %40; shown as '@' so the e-mail masking of the error message sees addresses.</summary>
    private static string Shown(string encoded) => encoded.Replace("%40", "@", StringComparison.OrdinalIgnoreCase);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
