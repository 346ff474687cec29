using LambdaSuite.Common;

namespace LambdaSuite.LogShipper.Shipping;

/// <summary>At least one object could not be shipped (details in the log lines and the message).</summary>
public sealed class ShippingFailedException : Exception
{
    /// <summary>Failed keys named in the message; the rest are counted (the log has them all).</summary>
    internal const int KeysInMessage = 3;

    public ShippingFailedException() { }

    public ShippingFailedException(string message) : base(message) { }

    public ShippingFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>
    /// The runtime returns this message to the caller as errorMessage, outside our log masking: a
    /// bounded number of keys, each masked and capped like bad-input values, plus counts per category.
    /// </summary>
    internal static ShippingFailedException For(ShipmentResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var total = response.Shipped.Count + response.Skipped.Count + response.Failed.Count;
        var categories = response.Failed.GroupBy(f => f.Category).Select(g => $"{g.Key} x{g.Count()}");
        var keys = response.Failed.Take(KeysInMessage).Select(f => $"{InvalidInputException.Quote(f.SourceKey)} ({f.Category})");
        var more = response.Failed.Count > KeysInMessage ? $" and {response.Failed.Count - KeysInMessage} more" : string.Empty;
        return new ShippingFailedException(
            $"{response.Failed.Count} of {total} objects failed ({string.Join(", ", categories)}): {string.Join("; ", keys)}{more}; details in the \"object failed\" log lines");
    }
}
