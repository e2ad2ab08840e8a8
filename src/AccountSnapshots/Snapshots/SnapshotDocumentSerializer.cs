using System.Text.Json;
using AccountSnapshots.Serialization;

namespace AccountSnapshots.Snapshots;

/// <summary>Serialises and reads back snapshot documents through the core's JSON context.</summary>
internal static class SnapshotDocumentSerializer
{
    public static MemoryStream Serialize(SnapshotDocument document)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, document, AccountSnapshotsJsonContext.Default.SnapshotDocument);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Reads the typed part of a stored document (raw pages are skipped).</summary>
    public static SnapshotDocument? Read(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, AccountSnapshotsJsonContext.Default.SnapshotDocument);
}
