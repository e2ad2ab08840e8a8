using System.Text.Json;
using AccountSnapshots.Serialization;

namespace AccountSnapshots.Snapshots;

/// <summary>Serialises and reads back snapshot documents through the core's JSON context.</summary>
internal static class SnapshotDocumentSerializer
{
    private static readonly byte[] s_emptyRawTail = "\"raw\":[]}"u8.ToArray();
    private static readonly byte[] s_endObject = [(byte)'}'];

    /// <summary>
    /// The document as a readable, seekable stream positioned at 0, backed by a temporary file deleted on dispose.
    /// A document holds every raw page (tens of MB for a large Conduit book); a MemoryStream would hold it once more
    /// in memory, plus its doubling growth, for as long as the run stores it.
    /// </summary>
    public static async Task<Stream> SerializeAsync(SnapshotDocument document, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"account-snapshots-{Guid.NewGuid():N}.json");
        var stream = new FileStream(path, Storage.OwnerOnlyFiles.NewFile(FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous));
        try
        {
            await WriteAsync(stream, document, cancellationToken);
            stream.Position = 0;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="document"/> into a readable, seekable stream at its end: the typed part through the core's
    /// context with no pages (<c>raw</c> is the last property, so it ends in <c>"raw":[]}</c>), then that <c>[]}</c>
    /// overwritten by the pages, each body copied from its buffer (<see cref="RawPagesWriter"/>). The bytes are the
    /// ones <c>JsonSerializer.Serialize(document)</c> gives.
    /// </summary>
    internal static async Task WriteAsync(Stream stream, SnapshotDocument document, CancellationToken cancellationToken)
    {
        await JsonSerializer.SerializeAsync(stream, document with { Raw = [] }, AccountSnapshotsJsonContext.Default.SnapshotDocument, cancellationToken);
        var tail = new byte[s_emptyRawTail.Length];
        stream.Position -= tail.Length;
        await stream.ReadExactlyAsync(tail, cancellationToken);
        if (!tail.AsSpan().SequenceEqual(s_emptyRawTail))
        {
            // A property added after "raw" (or a changed serializer setting) would land here: never splice blindly.
            throw new InvalidOperationException("A snapshot document no longer ends with its raw pages; RawPagesWriter needs updating.");
        }

        stream.Position -= "[]}"u8.Length;
        await RawPagesWriter.WriteAsync(stream, document.Raw, cancellationToken);
        await stream.WriteAsync(s_endObject, cancellationToken);
    }

    /// <summary>Reads the typed part of a stored document (raw pages are skipped).</summary>
    public static SnapshotDocument? Read(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, AccountSnapshotsJsonContext.Default.SnapshotDocument);

    /// <summary>
    /// The <c>slot</c> of a stored document without building its accounts (it is the third property written, so this
    /// reads a few bytes of a large document); null when the bytes hold no slot or are not JSON (a damaged copy is then
    /// replaced like one without a slot, instead of failing every run).
    /// </summary>
    public static DateTimeOffset? ReadSlot(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return ReadSlotProperty(utf8Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ReadSlotProperty(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSlot = reader.ValueTextEquals("slot"u8);
            reader.Read();
            if (isSlot)
            {
                return reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var slot) ? slot : null;
            }

            reader.Skip();
        }

        return null;
    }
}
