namespace AccountSnapshots.Tests.Infrastructure;

/// <summary>
/// An explicit gate between a test's phases: waits until something observable has happened (a request reached the
/// sandbox, a store call was made) instead of sleeping a guessed time. Fails the test, naming the condition, when it
/// does not happen within the timeout.
/// </summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (limit.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }
}
