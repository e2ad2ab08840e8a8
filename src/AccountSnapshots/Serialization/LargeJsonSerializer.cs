using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AccountSnapshots.Serialization;

/// <summary>
/// Serialises a large document (the aggregate, a history day: tens of MB for 50,000 accounts) to an exact-size
/// array, the same bytes as <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonTypeInfo{TValue})"/>,
/// without the shared ArrayPool. That method grows a pooled buffer by doubling and gives every size back to the pool,
/// which keeps them: a process that wrote one large aggregate kept its 16 MiB and 32 MiB buffers (and every smaller
/// one) resident for the rest of its life, per thread that serialised one. Here the buffer starts at the size the
/// caller expects (the stored version's) and is garbage once copied out.
/// </summary>
internal static class LargeJsonSerializer
{
    public static byte[] SerializeToUtf8Bytes<T>(T value, JsonTypeInfo<T> typeInfo, long sizeHint)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var options = typeInfo.Options;
        var buffer = new GrowingBuffer((int)Math.Clamp(sizeHint, 4096, Array.MaxLength));
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

    private sealed class GrowingBuffer(int initialSize) : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[initialSize];
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        // The hint is usually right, so the whole document fits the first array and this copy is the only other one.
        public byte[] ToArray() => _written == _buffer.Length ? _buffer : _buffer.AsSpan(0, _written).ToArray();

        private void Ensure(int sizeHint)
        {
            var needed = (long)_written + Math.Max(sizeHint, 1);
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max(needed, _buffer.Length * 2L)));
            }
        }
    }
}
