namespace XenSwitchSim.Calibration.Traces;

/// <summary>The records of one binary xentrace file, all CPUs merged in time order, plus file statistics.</summary>
public sealed class XentraceTrace
{
    private readonly TraceRecord[] _records;

    internal XentraceTrace(
        TraceRecord[] mergedRecords,
        long bytesConsumed,
        int cpuChangeRecords,
        IReadOnlyList<int> cpus,
        int lostRecordEvents,
        long lostRecordsTotal,
        int recordsWithoutTsc,
        int tscBackwardSteps)
    {
        _records = mergedRecords;
        BytesConsumed = bytesConsumed;
        CpuChangeRecords = cpuChangeRecords;
        Cpus = cpus;
        LostRecordEvents = lostRecordEvents;
        LostRecordsTotal = lostRecordsTotal;
        RecordsWithoutTsc = recordsWithoutTsc;
        TscBackwardSteps = tscBackwardSteps;
    }

    /// <summary>
    /// Every record of the file (including CPU-change, wrap and lost-records bookkeeping records),
    /// ordered by <see cref="TraceRecord.Cycles"/>, ties broken by CPU, then file order.
    /// </summary>
    public IReadOnlyList<TraceRecord> Records => _records;

    /// <summary>Bytes parsed; equals the file length for every trace the reader accepts.</summary>
    public long BytesConsumed { get; }

    /// <summary>Number of TRC_TRACE_CPU_CHANGE records (one per CPU window written by xentrace).</summary>
    public int CpuChangeRecords { get; }

    /// <summary>CPUs that had at least one window, ascending.</summary>
    public IReadOnlyList<int> Cpus { get; }

    /// <summary>Number of TRC_LOST_RECORDS records.</summary>
    public int LostRecordEvents { get; }

    /// <summary>Sum of the lost-record counts they carry: records Xen dropped because a buffer was full.</summary>
    public long LostRecordsTotal { get; }

    /// <summary>Records whose time was inherited rather than recorded (see <see cref="TraceRecord.HasTsc"/>).</summary>
    public int RecordsWithoutTsc { get; }

    /// <summary>Times a timestamped record on one CPU had a smaller TSC than the previous one on that CPU.</summary>
    public int TscBackwardSteps { get; }

    /// <summary>Cycles of the first record in time order (0 for an empty trace): the origin of time_ns.</summary>
    public ulong FirstCycles => _records.Length == 0 ? 0 : _records[0].Cycles;

    /// <summary>How many records carry each event id.</summary>
    public IReadOnlyDictionary<uint, int> CountByEvent()
    {
        var counts = new Dictionary<uint, int>();
        foreach (ref readonly TraceRecord r in _records.AsSpan())
        {
            counts[r.Event] = counts.GetValueOrDefault(r.Event) + 1;
        }

        return counts;
    }

    /// <summary>The records in the order they appear in the file.</summary>
    public TraceRecord[] RecordsInFileOrder()
    {
        var copy = (TraceRecord[])_records.Clone();
        Array.Sort(copy, static (a, b) => a.FileOffset.CompareTo(b.FileOffset));
        return copy;
    }
}
