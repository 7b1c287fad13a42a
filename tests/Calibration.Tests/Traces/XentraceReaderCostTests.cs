using System.Diagnostics;
using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>The reader must stay linear-ish and allocate no objects per record.</summary>
public class XentraceReaderCostTests
{
    [Fact]
    public void Fixture_read_allocates_a_bounded_amount_per_record()
    {
        XentraceReader.Read(Fixture.Bytes); // warm up (JIT, generic instantiations)

        long before = GC.GetAllocatedBytesForCurrentThread();
        XentraceTrace trace = XentraceReader.Read(Fixture.Bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One 48-byte record and one 16-byte sort key per record, the extra words (< file size),
        // and small per-CPU state. A per-record object or array would add 24+ bytes each.
        long budget = (64L * trace.Records.Count) + Fixture.Bytes.Length + 16_384;
        Assert.True(allocated <= budget, $"allocated {allocated} bytes, budget {budget}");
    }

    [Fact]
    public void Reads_a_20_MB_trace_in_seconds()
    {
        // ~20 MB: 64 windows per CPU on 4 CPUs of 28-byte records.
        var builder = new XentraceBuilder();
        ulong tsc = 1_000_000;
        for (int round = 0; round < 64; round++)
        {
            for (int cpu = 0; cpu < 4; cpu++)
            {
                ulong start = tsc;
                builder.Window(cpu, w =>
                {
                    for (int i = 0; i < 2730; i++)
                    {
                        w.Record(TraceEventIds.Csched2CreditBurn, start + (ulong)(i * 7), 0x10000, 5, 0x80000000, 9);
                    }
                });
            }

            tsc += 20_000;
        }

        byte[] file = builder.Build();
        Assert.InRange(file.Length, 19_000_000, 20_000_000);

        var clock = Stopwatch.StartNew();
        XentraceTrace trace = XentraceReader.Read(file);
        clock.Stop();

        Assert.Equal(64 * 4 * 2731, trace.Records.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
