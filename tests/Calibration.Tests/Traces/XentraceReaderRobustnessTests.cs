using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using XenSwitchSim.Calibration.Traces;
using Xunit;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>
/// Whatever the bytes, the reader returns a trace or throws TraceFormatException: never another
/// exception, never a hang.
/// </summary>
public class XentraceReaderRobustnessTests
{
    /// <summary>Outcome of one read: true = parsed, false = TraceFormatException. Anything else propagates.</summary>
    private static bool ReadsOrRejects(byte[] bytes, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        bool ok;
        try
        {
            XentraceTrace trace = XentraceReader.Read(bytes);
            Assert.Equal(bytes.Length, trace.BytesConsumed);
            ok = true;
        }
        catch (TraceFormatException ex)
        {
            Assert.NotNull(ex.ByteOffset);
            Assert.InRange(ex.ByteOffset!.Value, 0, bytes.Length);
            Assert.StartsWith($"offset {ex.ByteOffset}: ", ex.Message);
            ok = false;
        }

        Assert.True(clock.Elapsed < bound, $"read of {bytes.Length} bytes took {clock.Elapsed}");
        return ok;
    }

    private static readonly TimeSpan SmallBound = TimeSpan.FromSeconds(2);

    [Property(MaxTest = 500)]
    public void Random_bytes_parse_or_raise_trace_format_exception(byte[] bytes)
    {
        ReadsOrRejects(bytes, SmallBound);
    }

    /// <summary>Random bytes behind a valid CPU-change prefix, so the walk goes past the first check.</summary>
    [Property(MaxTest = 500)]
    public Property Random_window_contents_parse_or_raise_trace_format_exception() =>
        Prop.ForAll(
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => b.Length % 4 == 0 ? b : b[..^(b.Length % 4)]).ToArbitrary(),
            Gen.Choose(0, 3).ToArbitrary(),
            (body, cpu) =>
            {
                byte[] file = new XentraceBuilder().CpuChange(cpu, (uint)body.Length).Bytes(body).Build();
                ReadsOrRejects(file, SmallBound);
            });

    /// <summary>Random words that are mostly well-formed headers, to reach the deeper checks.</summary>
    [Property(MaxTest = 300)]
    public Property Random_header_shaped_words_parse_or_raise() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements(
                    0x2001f003u, 0x80022201u, 0x90022202u, 0x0001f002u, 0x6001f002u, 0xc001f001u,
                    0x00000000u, 0xffffffffu, 0x00000002u, 0x00000010u, 0x00000fc4u, 0x80000000u))
                .ToArbitrary(),
            words =>
            {
                var builder = new XentraceBuilder();
                foreach (uint w in words)
                {
                    builder.Word(w);
                }

                ReadsOrRejects(builder.Build(), SmallBound);
            });

    private static byte[] SmallValidFile() => new XentraceBuilder()
        .Window(0, w => w.Sleep(100, 1, 0).Runstate(110, 1, 0, RunState.Runnable, RunState.Offline).Wrap(8))
        .Window(1, w => w.Record(TraceEventIds.Switch, 120, 1, 0, 0x7fff, 1).Lost(130, 3, 0, 0, 125))
        .Window(0, w => w.Wake(200, 1, 0).Record(0x22202, null, 5).Wrap(40))
        .Build();

    [Fact]
    public void Every_truncation_of_a_small_valid_file_is_rejected_unless_it_ends_on_a_window_boundary()
    {
        byte[] file = SmallValidFile();
        Assert.True(ReadsOrRejects(file, SmallBound));
        long[] boundaries = XentraceReader.Read(file).Records
            .Where(r => r.Event == TraceEventIds.CpuChange)
            .Select(r => r.FileOffset)
            .Order()
            .ToArray();

        var accepted = new List<long>();
        for (int length = 0; length < file.Length; length++)
        {
            if (ReadsOrRejects(file[..length], SmallBound))
            {
                accepted.Add(length);
            }
        }

        // A cut exactly between two windows is itself a valid (shorter) trace; every other cut is not.
        Assert.Equal(boundaries, accepted);
    }

    [Fact]
    public void Every_truncation_of_the_fixture_head_is_rejected_cleanly()
    {
        byte[] head = Fixture.Bytes[..4048]; // exactly cpu0's first window
        Assert.True(ReadsOrRejects(head, SmallBound));
        for (int length = 1; length < head.Length; length++)
        {
            Assert.False(ReadsOrRejects(head[..length], SmallBound), $"a {length}-byte prefix was accepted");
        }
    }

    [Fact]
    public void Two_hundred_random_byte_flips_of_the_fixture_parse_or_raise()
    {
        var random = new Random(20261126);
        int rejected = 0;
        for (int i = 0; i < 200; i++)
        {
            byte[] copy = (byte[])Fixture.Bytes.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 + random.Next(255));
            }

            if (!ReadsOrRejects(copy, TimeSpan.FromSeconds(5)))
            {
                rejected++;
            }
        }

        // Most flips land in payload words and still parse; a header or window flip must be caught.
        Assert.InRange(rejected, 1, 199);
    }

    [Fact]
    public void Flipping_a_window_size_or_the_last_header_of_a_window_is_detected()
    {
        byte[] bigWindow = (byte[])Fixture.Bytes.Clone();
        bigWindow[10] = 0x7f; // window_size of the first CPU-change record
        Assert.False(ReadsOrRejects(bigWindow, SmallBound));

        // The first window is offsets 12..4048; its last record cannot grow without crossing the end.
        // (A header flip in the middle of a window may re-synchronise by chance: the format has no
        // checksum, so that is not asserted.)
        TraceRecord last = Fixture.Trace.Records.Where(r => r.FileOffset < 4048).MaxBy(r => r.FileOffset);
        int size = 4 + (last.HasTsc ? 8 : 0) + (4 * last.ExtraCount);
        Assert.True(size < 40);
        byte[] longer = (byte[])Fixture.Bytes.Clone();
        longer[last.FileOffset + 3] |= 0xf0; // TSC flag and 7 extra words: 40 bytes
        Assert.False(ReadsOrRejects(longer, SmallBound));
    }
}
