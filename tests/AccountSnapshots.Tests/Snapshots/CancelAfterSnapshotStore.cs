using AccountSnapshots.Storage;

namespace AccountSnapshots.Tests.Snapshots;

/// <summary>
/// A real store that, like Ctrl+C arriving at the worst moment, cancels the run's token as soon as a snapshot document
/// has been stored.
/// </summary>
internal sealed class CancelAfterSnapshotStore(ISnapshotStore inner, CancellationTokenSource cancel) : ISnapshotStore
{
    public string Description => inner.Description;

    public async Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(path, content, condition, cancellationToken);
        if (path.StartsWith("snapshots/", StringComparison.Ordinal) && result.Written)
        {
            await cancel.CancelAsync();
        }

        return result;
    }

    public Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

    public Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken) => inner.GetPropertiesAsync(path, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
}
