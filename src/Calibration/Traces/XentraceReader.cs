using System.Buffers.Binary;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Reads the binary files written by <c>xentrace</c> (xen/include/public/trace.h records,
/// tools/xentrace/xentrace.c framing), little-endian:
/// <list type="bullet">
/// <item>no file header; the file is a sequence of per-CPU windows, each introduced by a CPU-change
/// record <c>0x2001f003 {i32 cpu, u32 window_size}</c>; window_size counts the bytes that follow for
/// that CPU (a window that wrapped in Xen's ring is written as two chunks after one CPU-change
/// record, and is contiguous here);</item>
/// <item>a record is <c>u32 header {event:28, extra:3, cycles:1}</c>, then a u64 TSC (low word first)
/// if the cycles flag is set, then <c>extra</c> u32 words.</item>
/// </list>
/// TRC_TRACE_WRAP_BUFFER records are skipped by their header size and their uninitialised TSC is
/// ignored. Records without a TSC take the previous TSC of their CPU (flagged by
/// <see cref="TraceRecord.HasTsc"/>). All CPUs are merged by time, ties by CPU, then file order.
/// <para>
/// Any malformed input raises <see cref="TraceFormatException"/> with the byte offset and what was
/// expected. The reader makes two linear passes (validate and count, then fill) and one sort;
/// it allocates one record array, one backing array for every extra word, and a sort key per record.
/// </para>
/// </summary>
public static class XentraceReader
{
    private const int HeaderBytes = 4;
    private const int CpuChangeBytes = 12;

    public static XentraceTrace ReadFile(string path, XentraceReaderOptions? options = null) =>
        Read(File.ReadAllBytes(path), options);

    public static XentraceTrace Read(ReadOnlySpan<byte> data, XentraceReaderOptions? options = null)
    {
        options ??= XentraceReaderOptions.Default;
        if (options.MaxCpu is < 0 or > XentraceReaderOptions.MaxCpuLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCpu,
                $"MaxCpu must be in 0..{XentraceReaderOptions.MaxCpuLimit}");
        }

        var counter = new CountingSink();
        Walk(data, options.MaxCpu, ref counter);

        var filler = new FillingSink(counter.Records, counter.ExtraWords, counter.MaxCpu);
        Walk(data, options.MaxCpu, ref filler);
        TraceRecord[] records = filler.Finish();

        Merge(records);

        var cpus = new List<int>();
        for (int cpu = 0; cpu <= counter.MaxCpu; cpu++)
        {
            if (filler.CpuSeen[cpu])
            {
                cpus.Add(cpu);
            }
        }

        return new XentraceTrace(
            records,
            data.Length,
            counter.CpuChanges,
            cpus,
            filler.LostRecordEvents,
            filler.LostRecordsTotal,
            filler.WithoutTsc,
            filler.BackwardSteps);
    }

    private interface IRecordSink
    {
        void OnRecord(long offset, uint header, int cpu, ulong tsc, ReadOnlySpan<byte> extra);
    }

    /// <summary>
    /// Walks the file in file order, validating framing, and hands each record to the sink.
    /// Always advances by at least 4 bytes per step, so it terminates.
    /// </summary>
    private static void Walk<TSink>(ReadOnlySpan<byte> data, int maxCpu, ref TSink sink)
        where TSink : struct, IRecordSink
    {
        long length = data.Length;
        long offset = 0;
        int cpu = -1;
        long windowEnd = -1;

        while (offset < length)
        {
            long remaining = length - offset;
            if (remaining < HeaderBytes)
            {
                throw TraceFormatException.At(offset,
                    $"{remaining} trailing byte(s), too short for a 4-byte record header");
            }

            int at = (int)offset;
            uint header = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(at, 4));
            uint eventId = header & 0x0fffffff;
            int extraCount = (int)((header >> 28) & 0x7);
            bool hasTsc = (header & 0x80000000u) != 0;
            int size = HeaderBytes + (hasTsc ? 8 : 0) + (4 * extraCount);

            if (eventId == TraceEventIds.CpuChange)
            {
                if (cpu >= 0 && offset < windowEnd)
                {
                    throw TraceFormatException.At(offset,
                        $"CPU-change record inside the window of cpu {cpu}, which has {windowEnd - offset} bytes left");
                }

                if (header != TraceEventIds.CpuChangeHeader)
                {
                    throw TraceFormatException.At(offset,
                        $"CPU-change record header 0x{header:x8} should be 0x{TraceEventIds.CpuChangeHeader:x8} (2 extra words, no TSC)");
                }

                if (remaining < CpuChangeBytes)
                {
                    throw TraceFormatException.At(offset,
                        $"CPU-change record needs {CpuChangeBytes} bytes but only {remaining} remain");
                }

                int newCpu = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(at + 4, 4));
                uint windowSize = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(at + 8, 4));
                if (newCpu < 0 || newCpu > maxCpu)
                {
                    throw TraceFormatException.At(offset,
                        $"CPU-change record names cpu {newCpu}, outside 0..{maxCpu}");
                }

                long left = remaining - CpuChangeBytes;
                if (windowSize > left)
                {
                    throw TraceFormatException.At(offset,
                        $"window_size {windowSize} of cpu {newCpu} exceeds the {left} bytes left");
                }

                if (windowSize % 4 != 0)
                {
                    throw TraceFormatException.At(offset,
                        $"window_size {windowSize} of cpu {newCpu} is not a whole number of 4-byte words");
                }

                cpu = newCpu;
                windowEnd = offset + CpuChangeBytes + windowSize;
                sink.OnRecord(offset, header, cpu, 0, data.Slice(at + 4, 8));
                offset += CpuChangeBytes;
                continue;
            }

            if (cpu < 0)
            {
                throw TraceFormatException.At(offset,
                    $"record (header 0x{header:x8}) before any CPU-change record");
            }

            if (offset >= windowEnd)
            {
                throw TraceFormatException.At(offset,
                    $"record (header 0x{header:x8}) after the end of cpu {cpu}'s window (ended at offset {windowEnd}); expected a CPU-change record");
            }

            if (size > remaining)
            {
                throw TraceFormatException.At(offset,
                    $"record header 0x{header:x8} says {(hasTsc ? "a TSC and " : "")}{extraCount} extra words ({size} bytes) but only {remaining} bytes remain");
            }

            if (offset + size > windowEnd)
            {
                throw TraceFormatException.At(offset,
                    $"record header 0x{header:x8} says {size} bytes, which cross the end of cpu {cpu}'s window at offset {windowEnd}");
            }

            ulong tsc = hasTsc ? BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(at + 4, 8)) : 0;
            int extraAt = at + HeaderBytes + (hasTsc ? 8 : 0);
            sink.OnRecord(offset, header, cpu, tsc, data.Slice(extraAt, 4 * extraCount));
            offset += size;
        }
    }

    /// <summary>First pass: sizes for the second.</summary>
    private struct CountingSink : IRecordSink
    {
        public int Records;
        public int ExtraWords;
        public int MaxCpu;
        public int CpuChanges;

        public CountingSink()
        {
            MaxCpu = -1;
        }

        public void OnRecord(long offset, uint header, int cpu, ulong tsc, ReadOnlySpan<byte> extra)
        {
            Records++;
            ExtraWords += extra.Length / 4;
            if ((header & 0x0fffffff) == TraceEventIds.CpuChange)
            {
                CpuChanges++;
            }

            if (cpu > MaxCpu)
            {
                MaxCpu = cpu;
            }
        }
    }

    /// <summary>Second pass: fills the records and the shared extra-word array, resolves missing TSCs.</summary>
    private struct FillingSink : IRecordSink
    {
        private readonly TraceRecord[] _records;
        private readonly uint[] _extra;
        private readonly ulong[] _lastTsc;
        private readonly bool[] _hasLastTsc;
        private readonly List<int>?[] _awaitingFirstTsc;
        private int _next;
        private int _nextWord;

        public readonly bool[] CpuSeen;
        public int WithoutTsc;
        public int BackwardSteps;
        public int LostRecordEvents;
        public long LostRecordsTotal;

        public FillingSink(int records, int extraWords, int maxCpu)
        {
            _records = new TraceRecord[records];
            _extra = new uint[extraWords];
            int cpus = maxCpu + 1;
            _lastTsc = new ulong[cpus];
            _hasLastTsc = new bool[cpus];
            _awaitingFirstTsc = new List<int>?[cpus];
            CpuSeen = new bool[cpus];
        }

        public void OnRecord(long offset, uint header, int cpu, ulong tsc, ReadOnlySpan<byte> extra)
        {
            uint eventId = header & 0x0fffffff;
            int words = extra.Length / 4;
            var slice = new ReadOnlyMemory<uint>(_extra, _nextWord, words);
            Span<uint> target = _extra.AsSpan(_nextWord, words);
            for (int i = 0; i < words; i++)
            {
                target[i] = BinaryPrimitives.ReadUInt32LittleEndian(extra.Slice(4 * i, 4));
            }

            _nextWord += words;
            CpuSeen[cpu] = true;

            // A wrap record's payload, TSC included, is uninitialised ring memory.
            bool recorded = (header & 0x80000000u) != 0 && eventId != TraceEventIds.WrapBuffer;
            ulong cycles;
            if (recorded)
            {
                if (_hasLastTsc[cpu] && tsc < _lastTsc[cpu])
                {
                    BackwardSteps++;
                }

                if (!_hasLastTsc[cpu] && _awaitingFirstTsc[cpu] is { } waiting)
                {
                    foreach (int index in waiting)
                    {
                        _records[index] = _records[index] with { Cycles = tsc };
                    }

                    _awaitingFirstTsc[cpu] = null;
                }

                _lastTsc[cpu] = tsc;
                _hasLastTsc[cpu] = true;
                cycles = tsc;
            }
            else
            {
                WithoutTsc++;
                if (_hasLastTsc[cpu])
                {
                    cycles = _lastTsc[cpu];
                }
                else
                {
                    (_awaitingFirstTsc[cpu] ??= new List<int>()).Add(_next);
                    cycles = 0;
                }
            }

            if (eventId == TraceEventIds.LostRecords)
            {
                LostRecordEvents++;
                if (words >= 1)
                {
                    LostRecordsTotal += target[0];
                }
            }

            _records[_next++] = new TraceRecord(cycles, cpu, eventId, slice, offset, recorded);
        }

        /// <summary>
        /// Records of a CPU that never had a timestamped record get the smallest TSC of the whole file
        /// (0 if the file has none), so they sort first rather than at an arbitrary place.
        /// </summary>
        public TraceRecord[] Finish()
        {
            ulong min = ulong.MaxValue;
            bool any = false;
            for (int cpu = 0; cpu < _hasLastTsc.Length; cpu++)
            {
                if (_hasLastTsc[cpu])
                {
                    any = true;
                }
            }

            if (any)
            {
                foreach (ref readonly TraceRecord r in _records.AsSpan())
                {
                    if (r.HasTsc && r.Cycles < min)
                    {
                        min = r.Cycles;
                    }
                }
            }
            else
            {
                min = 0;
            }

            foreach (List<int>? waiting in _awaitingFirstTsc)
            {
                if (waiting is null)
                {
                    continue;
                }

                foreach (int index in waiting)
                {
                    _records[index] = _records[index] with { Cycles = min };
                }
            }

            return _records;
        }
    }

    private readonly struct MergeKey(ulong cycles, int cpu, int fileIndex) : IComparable<MergeKey>
    {
        private readonly ulong _cycles = cycles;
        private readonly int _cpu = cpu;
        private readonly int _fileIndex = fileIndex;

        public int CompareTo(MergeKey other)
        {
            int c = _cycles.CompareTo(other._cycles);
            if (c != 0)
            {
                return c;
            }

            c = _cpu.CompareTo(other._cpu);
            return c != 0 ? c : _fileIndex.CompareTo(other._fileIndex);
        }
    }

    /// <summary>
    /// Sorts in place by (cycles, cpu, file index). The key is unique, so the unstable array sort
    /// gives the stable order. A full sort (not a k-way merge) keeps the output ordered even when a
    /// CPU's own TSCs step backwards.
    /// </summary>
    private static void Merge(TraceRecord[] records)
    {
        var keys = new MergeKey[records.Length];
        for (int i = 0; i < records.Length; i++)
        {
            keys[i] = new MergeKey(records[i].Cycles, records[i].Cpu, i);
        }

        Array.Sort(keys, records);
    }
}
