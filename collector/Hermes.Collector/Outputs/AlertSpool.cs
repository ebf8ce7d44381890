using System.Globalization;
using System.Text;
using Hermes.Rules.Engine;

namespace Hermes.Collector.Outputs;

/// <summary>
/// A bounded on-disk queue of alerts waiting for delivery. Each alert is one file, written to a temporary name,
/// flushed to disk and renamed, so after a crash (even <c>kill -9</c>) every alert that was accepted is still there,
/// whole, with its idempotency key; an alert is deleted only after the receiver acknowledged it. When the spool is
/// full the lowest-priority, oldest alert is dropped first, and every drop is counted.
/// </summary>
public sealed class AlertSpool
{
    private const string Extension = ".alert";
    private readonly string _directory;
    private readonly int _maxAlerts;
    private readonly long _maxBytes;
    private readonly object _gate = new();
    private readonly SortedDictionary<long, Entry> _entries = [];
    private readonly long[] _dropped = new long[Enum.GetValues<Priority>().Length];
    private long _nextSequence;
    private long _bytes;

    public AlertSpool(string directory, int maxAlerts, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAlerts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _directory = directory;
        _maxAlerts = maxAlerts;
        _maxBytes = maxBytes;
        Directory.CreateDirectory(directory);
        Recover();
    }

    /// <summary>Alerts waiting for delivery.</summary>
    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>Bytes of alerts waiting for delivery.</summary>
    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    /// <summary>Alerts dropped because the spool was full, by priority.</summary>
    public IReadOnlyDictionary<Priority, long> Dropped
    {
        get
        {
            lock (_gate) return Enum.GetValues<Priority>().ToDictionary(p => p, p => _dropped[(int)p]);
        }
    }

    /// <summary>Stores an alert durably. Returns false when it was dropped instead (the spool is full of higher priorities).</summary>
    public bool Enqueue(AlertEnvelope alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var content = Encoding.UTF8.GetBytes(alert.Json);
        long sequence;
        lock (_gate)
        {
            while (_entries.Count >= _maxAlerts || (_entries.Count > 0 && _bytes + content.Length > _maxBytes))
            {
                var victim = _entries.Values.OrderByDescending(e => e.Priority).ThenBy(e => e.Sequence).First();
                if (victim.Priority < alert.Priority)
                {
                    _dropped[(int)alert.Priority]++;
                    return false;
                }
                RemoveLocked(victim);
                _dropped[(int)victim.Priority]++;
            }
            sequence = _nextSequence++;
        }

        var name = $"{sequence.ToString("D16", CultureInfo.InvariantCulture)}.{(int)alert.Priority}.{alert.IdempotencyKey}{Extension}";
        var path = Path.Combine(_directory, name);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path);
        lock (_gate)
        {
            _entries[sequence] = new Entry(sequence, alert.Priority, alert.IdempotencyKey, path, content.Length);
            _bytes += content.Length;
        }
        return true;
    }

    /// <summary>The oldest alerts, up to <paramref name="max"/>, without removing them.</summary>
    public IReadOnlyList<SpooledAlert> Peek(int max)
    {
        List<Entry> entries;
        lock (_gate) entries = _entries.Values.Take(max).ToList();
        var result = new List<SpooledAlert>(entries.Count);
        foreach (var entry in entries)
        {
            try
            {
                result.Add(new SpooledAlert(entry.Sequence, entry.Key, File.ReadAllText(entry.Path)));
            }
            catch (FileNotFoundException)
            {
                // Dropped by a concurrent Enqueue after we listed it: nothing to send.
            }
        }
        return result;
    }

    /// <summary>Removes delivered alerts.</summary>
    public void Acknowledge(IEnumerable<long> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        lock (_gate)
        {
            foreach (var sequence in sequences)
                if (_entries.TryGetValue(sequence, out var entry)) RemoveLocked(entry);
        }
    }

    private void RemoveLocked(Entry entry)
    {
        _entries.Remove(entry.Sequence);
        _bytes -= entry.Size;
        File.Delete(entry.Path);
    }

    // Alerts written before a crash are picked up in order; half-written temporaries were never acknowledged to
    // the caller, so they are discarded.
    private void Recover()
    {
        foreach (var temporary in Directory.EnumerateFiles(_directory, "*" + Extension + ".tmp")) File.Delete(temporary);
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            var parts = Path.GetFileName(path).Split('.');
            if (parts.Length != 4 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || !Enum.IsDefined((Priority)priority))
                continue;
            var size = new FileInfo(path).Length;
            _entries[sequence] = new Entry(sequence, (Priority)priority, parts[2], path, size);
            _bytes += size;
            _nextSequence = Math.Max(_nextSequence, sequence + 1);
        }
    }

    private sealed record Entry(long Sequence, Priority Priority, string Key, string Path, long Size);
}

/// <summary>An alert read back from the spool for sending.</summary>
public sealed record SpooledAlert(long Sequence, string IdempotencyKey, string Json);
