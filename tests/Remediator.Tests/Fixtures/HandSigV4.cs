using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Remediator.Tests.Fixtures;

/// <summary>
/// SigV4 written out from the public AWS algorithm (canonical request, string to sign, HMAC-SHA256
/// key chain), independent of AWSSDK.Core, so a bug shared by the SDK's signing paths still shows.
/// Covers what the ECS client sends: a path of "/", no query string, single-valued headers.
/// </summary>
internal static class HandSigV4
{
    public static string Authorization(
        string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body,
        string accessKey, string secretKey, string region, string service)
    {
        var amzDate = headers["x-amz-date"];
        var date = amzDate[..8];
        var signed = headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signed)
        {
            var value = headers.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            canonicalHeaders.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        var signedHeaders = string.Join(';', signed);
        var canonicalRequest = string.Join('\n',
            method,
            string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath,
            string.Empty, // no query string
            canonicalHeaders.ToString(),
            signedHeaders,
            Hex(SHA256.HashData(body)));

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string AmzDate(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(byte[] data) => Hex(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string CollapseSpaces(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c != ' ' || sb.Length == 0 || sb[^1] != ' ')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
