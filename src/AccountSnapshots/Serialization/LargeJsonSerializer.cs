using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AccountSnapshots.Serialization;

/// <summary>
/// Serialises a large document (the aggregate, a history day: tens of MB for 50,000 accounts) to an exact-size
/// array, the same bytes as <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonTypeInfo{TValue})"/>,
/// without the shared ArrayPool. That method grows a pooled buffer by doubling and gives every size back to the pool,
/// which keeps them: a process that wrote one large aggregate kept its 16 MiB and 32 MiB buffers (and every smaller
/// one) resident for the rest of its life, per thread that serialised one. Here the first chunk has the size the
/// caller expects (the stored version's), further ones 1 MiB, and all are garbage once copied out.
/// </summary>
internal static class LargeJsonSerializer
{
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo, long sizeHint)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var options = typeInfo.Options;
        var buffer = new ChunkedBuffer((int)Math.Clamp(sizeHint, 4096, Array.MaxLength));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            // What the serializer gives its own writer; only these change the bytes written.
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth,
        }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.ToArray();
    }

    // Chunks, not one doubling array: the peak is the written bytes plus the one exact copy, never an array twice
    // the document's size beside the one it grew from.
    private sealed class ChunkedBuffer(int firstChunk) : IBufferWriter<byte>
    {
        private const int ChunkBytes = 1024 * 1024;
        private readonly List<(byte[] Chunk, int Written)> _full = [];
        private byte[] _current = new byte[firstChunk];
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _current.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _current.AsSpan(_written);
        }

        public byte[] ToArray()
        {
            if (_full.Count == 0 && _written == _current.Length)
            {
                return _current;
            }

            var total = _written + _full.Sum(c => (long)c.Written);
            var result = new byte[total];
            var offset = 0;
            foreach (var (chunk, written) in _full)
            {
                chunk.AsSpan(0, written).CopyTo(result.AsSpan(offset));
                offset += written;
            }

            _current.AsSpan(0, _written).CopyTo(result.AsSpan(offset));
            return result;
        }

        private void Ensure(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_current.Length - _written < needed)
            {
                _full.Add((_current, _written));
                _current = new byte[Math.Max(needed, ChunkBytes)];
                _written = 0;
            }
        }
    }
}
