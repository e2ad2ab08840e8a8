namespace AccountSnapshots.Storage;

/// <summary>Outcome of <see cref="ISnapshotStore.WriteAsync"/>: written (with the new ETag) or the condition failed.</summary>
public sealed record StoreWriteResult(bool Written, string? ETag)
{
    /// <summary>The precondition did not hold (object exists for IfAbsent, or ETag differs / object missing for IfMatch).</summary>
    public static StoreWriteResult ConditionFailed { get; } = new(false, null);

    /// <summary>Written; <paramref name="eTag"/> is the new version.</summary>
    public static StoreWriteResult Success(string eTag) => new(true, eTag);
}
