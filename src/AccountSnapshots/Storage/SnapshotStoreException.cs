namespace AccountSnapshots.Storage;

/// <summary>The store could not be reached or refused the operation. The message names the store and the path.</summary>
public sealed class SnapshotStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SnapshotStoreException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SnapshotStoreException(string message)
        : base(message)
    {
    }
}
