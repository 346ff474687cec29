using System.Text.RegularExpressions;
using LambdaSuite.Common.Configuration;

namespace LambdaSuite.Remediator.Aws.Ecs;

/// <summary>
/// Resolves the ECS endpoint the way AWSSDK.Core v4 does for its own clients (we have no SDK client
/// for ECS, so the SDK cannot do it for us): AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true disables
/// overrides; otherwise AWS_ENDPOINT_URL_ECS, then AWS_ENDPOINT_URL, then the regional endpoint.
/// </summary>
internal static partial class EcsEndpointResolver
{
    public static EcsEndpoint Resolve(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var region = env.GetMatching("AWS_REGION", RegionPattern(), "an AWS region such as us-east-1")
            ?? env.GetMatching("AWS_DEFAULT_REGION", RegionPattern(), "an AWS region such as us-east-1")
            ?? throw new ConfigurationException("AWS_REGION is required: expected an AWS region such as us-east-1 (AWS_DEFAULT_REGION is the fallback)");

        if (!env.GetBool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", false))
        {
            foreach (var name in (ReadOnlySpan<string>)["AWS_ENDPOINT_URL_ECS", "AWS_ENDPOINT_URL"])
            {
                if (env.Get(name) is { } url)
                {
                    return new EcsEndpoint(ParseUrl(name, url), region);
                }
            }
        }

        // Standard partition only; China/ISO partitions set AWS_ENDPOINT_URL_ECS.
        return new EcsEndpoint(new Uri($"https://ecs.{region}.amazonaws.com/"), region);
    }

    private static Uri ParseUrl(string name, string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw EnvironmentReader.Invalid(name, value, "an absolute http(s) URL");

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}

/// <summary>Where to send ECS calls and which region to sign them for.</summary>
internal sealed record EcsEndpoint(Uri ServiceUrl, string Region);
