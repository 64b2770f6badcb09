using System;
using System.Buffers;

namespace RECertificates.Cluster
{
    /// <summary>
    /// A growable byte buffer that wipes every array it lets go of. Request bodies that carry private keys
    /// are written here, so the key's bytes do not linger in memory after the request.
    /// </summary>
    internal sealed class ClearingBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _written;

        public ClearingBufferWriter(int initialCapacity = 4096)
        {
            _buffer = new byte[Math.Max(256, initialCapacity)];
        }

        public int WrittenCount => _written;

        /// <summary>The written bytes; valid until the next write or Dispose.</summary>
        public ArraySegment<byte> WrittenSegment => new ArraySegment<byte>(_buffer, 0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            EnsureCapacity(sizeHint);
            return _buffer.AsMemory(_written);
        }

        /// <summary>The free space after what is written, at least <paramref name="sizeHint"/> bytes, for Stream.Read.</summary>
        public ArraySegment<byte> GetFreeSegment(int sizeHint)
        {
            EnsureCapacity(sizeHint);
            return new ArraySegment<byte>(_buffer, _written, _buffer.Length - _written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            EnsureCapacity(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public void Dispose()
        {
            Array.Clear(_buffer, 0, _buffer.Length);
            _written = 0;
        }

        private void EnsureCapacity(int sizeHint)
        {
            int needed = _written + Math.Max(1, sizeHint);
            if (needed <= _buffer.Length)
            {
                return;
            }

            byte[] larger = new byte[Math.Max(needed, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, 0, larger, 0, _written);
            Array.Clear(_buffer, 0, _buffer.Length);
            _buffer = larger;
        }
    }
}
