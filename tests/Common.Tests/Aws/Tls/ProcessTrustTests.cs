using System.Security.Cryptography.X509Certificates;
using System.Text;
using LambdaSuite.Common.Aws.Tls;
using Xunit;

namespace LambdaSuite.Common.Tests.Aws.Tls;

/// <summary>
/// The roots file a bootstrap points .NET at lives in memory: readable by path as .NET reads a
/// bundle, and nothing on disk. (Apply itself changes the process's environment, so it runs only in
/// bootstraps: tests/LocalInvoke.IntegrationTests, TlsStackTests.)
/// </summary>
public sealed class ProcessTrustTests
{
    [Fact]
    public void The_roots_file_is_an_in_memory_file_read_by_path_like_a_bundle()
    {
        var path = ProcessTrust.InMemoryFile(Encoding.UTF8.GetBytes(AmazonTrustServices.Pem));

        Assert.NotNull(path);
        Assert.StartsWith("/proc/self/fd/", path, StringComparison.Ordinal);
        Assert.StartsWith("/memfd:lambdasuite-tls-roots", new FileInfo(path).LinkTarget, StringComparison.Ordinal);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        Assert.Equal(AmazonTrustServices.Published.Select(p => p.Subject), roots.Select(c => c.GetNameInfo(X509NameType.SimpleName, false)));
    }
}
