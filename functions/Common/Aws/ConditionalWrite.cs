using System.Collections;

namespace LambdaSuite.Common.Aws;

/// <summary>
/// The one answer to "was that conditional write ours, its answer lost?". The SDK retries a write
/// whose response was lost; when the first attempt had been applied, the retry fails the condition
/// against our own item. Each write therefore carries a token of its own, and the item that failed
/// the condition is ours exactly when it carries that token.
/// </summary>
public static class ConditionalWrite
{
    /// <summary>
    /// Whether the item that failed the condition carries <paramref name="ourToken"/>, and that item.
    /// <paramref name="failedItem"/> is what the service returned with the failure (DynamoDB's
    /// <c>ReturnValuesOnConditionCheckFailure=ALL_OLD</c>); when it returned none (emulators ignore the
    /// option) <paramref name="readBack"/> reads it, consistently. A failing read throws to the caller,
    /// which decides what an unknown answer means.
    /// </summary>
    public static async Task<(bool Ours, TItem? Item)> WasOursAsync<TItem>(
        TItem? failedItem, Func<CancellationToken, Task<TItem?>> readBack, Func<TItem, string?> tokenOf, string ourToken, CancellationToken cancellationToken)
        where TItem : class, ICollection
    {
        ArgumentNullException.ThrowIfNull(readBack);
        ArgumentNullException.ThrowIfNull(tokenOf);
        var item = failedItem is { Count: > 0 } ? failedItem : await readBack(cancellationToken).ConfigureAwait(false);
        return (item is not null && string.Equals(tokenOf(item), ourToken, StringComparison.Ordinal), item);
    }
}
