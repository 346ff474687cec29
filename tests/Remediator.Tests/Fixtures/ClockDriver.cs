using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Remediator.Tests.Fixtures;

/// <summary>Runs code that waits on a <see cref="FakeTimeProvider"/> to its end, moving the clock itself.</summary>
internal static class ClockDriver
{
    /// <summary>Longest a call may wait on the clock before the driver gives up on it.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts <paramref name="call"/> and moves the clock a millisecond at a time until it has
    /// finished, so each wait and timeout ends exactly when the clock reaches it and nothing
    /// sleeps. It runs on a thread-pool thread: with no synchronisation context there, what a
    /// timer releases runs inside the clock move, before the next one. The call's own awaits must
    /// complete on the clock (timers, tokens) or at once.
    /// </summary>
    public static Task<T> CompleteAsync<T>(this FakeTimeProvider time, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(call);
        return Task.Run(async () =>
        {
            var running = call();
            var giveUp = time.GetUtcNow() + Patience;
            while (!running.IsCompleted && time.GetUtcNow() < giveUp)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }

            Assert.True(running.IsCompleted, $"still waiting after {Patience} on the test clock");
            return await running.ConfigureAwait(false);
        });
    }
}
