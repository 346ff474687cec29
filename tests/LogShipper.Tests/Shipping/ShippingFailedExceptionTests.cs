using LambdaSuite.LogShipper.Shipping;
using Xunit;

namespace LogShipper.Tests.Shipping;

public sealed class ShippingFailedExceptionTests
{
    [Fact]
    public void One_failure_is_counted_by_category_and_named()
    {
        var response = new ShipmentResponse { Shipped = [new ShippedObject("s", "logs/ok.gz", "d", "env1/ok.gz", 1)], Failed = [new FailedObject("logs/x y.gz", "AccessDenied", "AccessDenied (403): denied")] };

        Assert.Equal("1 of 2 objects failed (AccessDenied x1): \"logs/x y.gz\" (AccessDenied); details in the \"object failed\" log lines", ShippingFailedException.For(response).Message);
    }

    [Fact]
    public void The_message_names_a_few_masked_capped_keys_and_counts_the_rest()
    {
        var longKey = "logs/" + new string('k', 300) + ".gz";
        var response = new ShipmentResponse
        {
            Failed =
            [
                new FailedObject("logs/jane.doe@example.com.gz", "AccessDenied", "AccessDenied (403): from fake"),
                new FailedObject(longKey, "AccessDenied", "AccessDenied (403): from fake"),
                new FailedObject("logs/slow1.gz", "Throttled", "SlowDown (503): from fake"),
                new FailedObject("logs/slow2.gz", "Throttled", "SlowDown (503): from fake"),
                new FailedObject("logs/slow3.gz", "Throttled", "SlowDown (503): from fake"),
            ],
        };

        var message = ShippingFailedException.For(response).Message;

        Assert.StartsWith("5 of 5 objects failed (AccessDenied x2, Throttled x3): \"logs/j***@example.com.gz\" (AccessDenied); \"logs/kkk", message, StringComparison.Ordinal);
        Assert.EndsWith("and 2 more; details in the \"object failed\" log lines", message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('k', 101), message, StringComparison.Ordinal);
        Assert.DoesNotContain("from fake", message, StringComparison.Ordinal);
    }
}
