using System.Runtime.InteropServices;

namespace Hermes.Collector.Probe;

/// <summary>
/// Reads a BPF ring buffer map through its memory mapping, as the kernel lays it out: a consumer page (writable,
/// the consumer position), a producer page (the producer position), then the data pages mapped twice in a row so
/// that a record wrapping past the end is still contiguous. Each record has an 8-byte header: its length with a
/// busy bit (still being written) and a discard bit, then the data, padded to 8 bytes.
/// </summary>
/// <remarks>
/// libbpf's own consumer publishes the consumer position after every record. The producer reads that position on
/// every reservation, so at hundreds of thousands of events a second the cache line bounces between the tracing CPU
/// and the draining one on each event (measured here: ~100 ns of the traced syscall's time). This reader publishes
/// it once per <see cref="PublishEveryBytes"/> of records instead, which the ring's size easily absorbs.
/// </remarks>
internal sealed unsafe partial class RingBufferReader : IDisposable
{
    private const uint BusyBit = 1u << 31;
    private const uint DiscardBit = 1u << 30;
    private const int RecordHeaderSize = 8;
    private const ulong PublishEveryBytes = 256 * 1024;
    private const int ProtRead = 1, ProtWrite = 2, MapShared = 1;

    private readonly nuint _pageSize = (nuint)Environment.SystemPageSize;
    private readonly nuint _dataSize;
    private readonly ulong _mask;
    private readonly byte* _consumerPage;
    private readonly byte* _producerPage;
    private readonly byte* _data;

    /// <param name="mapFd">The ring buffer map's file descriptor.</param>
    /// <param name="size">Its size in bytes (the map's max_entries: a power of two, a multiple of the page size).</param>
    public RingBufferReader(int mapFd, int size)
    {
        if (size <= 0 || (size & (size - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(size), size, "a ring buffer's size is a power of two");
        _dataSize = (nuint)size;
        _mask = (ulong)size - 1;
        _consumerPage = Map(_pageSize, ProtRead | ProtWrite, mapFd, 0);
        try
        {
            _producerPage = Map(_pageSize + (2 * _dataSize), ProtRead, mapFd, (nint)_pageSize);
        }
        catch
        {
            _ = munmap(_consumerPage, _pageSize);
            throw;
        }
        _data = _producerPage + _pageSize;
    }

    private ref ulong ConsumerPosition => ref *(ulong*)_consumerPage;
    private ref ulong ProducerPosition => ref *(ulong*)_producerPage;

    /// <summary>Hands every committed record to <paramref name="handler"/> in order; returns how many it handed.</summary>
    public long Drain(RawEventHandler handler)
    {
        long count = 0;
        var consumer = Volatile.Read(ref ConsumerPosition);
        var published = consumer;
        var producer = Volatile.Read(ref ProducerPosition);
        while (consumer < producer)
        {
            var record = _data + (consumer & _mask);
            var header = Volatile.Read(ref *(uint*)record);
            if ((header & BusyBit) != 0) break; // reserved but not yet committed: the rest waits for the next drain
            var length = header & ~(BusyBit | DiscardBit);
            consumer += (RecordHeaderSize + length + 7) & ~7UL;
            if ((header & DiscardBit) == 0)
            {
                count++;
                handler(new ReadOnlySpan<byte>(record + RecordHeaderSize, (int)length));
            }
            if (consumer - published >= PublishEveryBytes)
            {
                Volatile.Write(ref ConsumerPosition, consumer);
                published = consumer;
            }
            if (consumer >= producer) producer = Volatile.Read(ref ProducerPosition);
        }
        if (consumer != published) Volatile.Write(ref ConsumerPosition, consumer);
        return count;
    }

    public void Dispose()
    {
        _ = munmap(_consumerPage, _pageSize);
        _ = munmap(_producerPage, _pageSize + (2 * _dataSize));
    }

    private static byte* Map(nuint length, int protection, int fd, nint offset)
    {
        var address = mmap(0, length, protection, MapShared, fd, offset);
        if (address == -1) throw ProbeUnavailableException.From("map the ring buffer", Marshal.GetLastPInvokeError());
        return (byte*)address;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(void* address, nuint length);
}
