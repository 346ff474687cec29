using LambdaSuite.Common.Logging;
using Xunit;

namespace LambdaSuite.Common.Tests.Logging;

public sealed class EmailMaskTests
{
    [Theory]
    [InlineData("jane@example.com", "j***@example.com")]
    [InlineData("to: a.b-c+d@sub.example.co.uk, cc: x@y.io", "to: a***@sub.example.co.uk, cc: x***@y.io")]
    [InlineData("jöhn@exämple.com", "j***@exämple.com")]
    [InlineData("用户@例子.公司", "用***@例子.公司")]
    [InlineData("no address here", "no address here")]
    [InlineData("user@localhost", "user@localhost")]
    [InlineData("s3://bucket/key@v1", "s3://bucket/key@v1")]
    public void Masks_the_local_part_and_keeps_the_domain(string input, string expected)
        => Assert.Equal(expected, EmailMask.Mask(input));
}
