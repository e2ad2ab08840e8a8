using AccountSnapshots.Storage;

namespace AccountSnapshots.Api;

/// <summary>
/// Write-only buffer of a history response: memory up to a threshold, then a temporary file readable only by this user
/// and deleted on close. Writes complete synchronously (memory, or the page cache through a 64 KB buffer): a response
/// is written in thousands of small pieces, and a thread-pool hop per piece, as asynchronous file writes take, costs
/// more than the write.
/// </summary>
internal sealed class HistorySpoolStream(int memoryThreshold) : Stream
{
    private const int FileBufferSize = 64 * 1024;

    private MemoryStream? _memory = new();
    private FileStream? _file;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _file?.Length ?? _memory!.Length;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    /// <summary>True once the content has moved to the temporary file.</summary>
    public bool OnDisk => _file is not null;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_file is null && _memory!.Length + buffer.Length > memoryThreshold)
        {
            // Owner-only: the rows are balances.
            _file = new FileStream(
                Path.Combine(Path.GetTempPath(), "history-" + Guid.NewGuid().ToString("N") + ".spool"),
                OwnerOnlyFiles.NewFile(FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileBufferSize, FileOptions.DeleteOnClose | FileOptions.SequentialScan));
            _memory.WriteTo(_file);
            _memory = null;
        }

        if (_file is not null)
        {
            _file.Write(buffer);
        }
        else
        {
            _memory!.Write(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Copies everything written so far to <paramref name="destination"/>.</summary>
    public async Task CopyOutAsync(Stream destination, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            await destination.WriteAsync(_memory!.GetBuffer().AsMemory(0, (int)_memory.Length), cancellationToken);
            return;
        }

        _file.Flush();
        _file.Position = 0;
        await _file.CopyToAsync(destination, FileBufferSize, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _memory?.Dispose();
        }

        base.Dispose(disposing);
    }
}
