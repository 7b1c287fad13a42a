using XenSwitchSim.Calibration.Traces;

namespace XenSwitchSim.Calibration.Tests.Traces;

/// <summary>The real Xen 4.17 trace in Fixtures/ (see Fixtures/PROVENANCE.md).</summary>
internal static class Fixture
{
    public const string BinName = "xen-4.17-x86-credit2-pause-unpause.bin";
    public const ulong CpuHz = TraceTime.FixtureTscHz;

    private static readonly Lazy<byte[]> LazyBytes = new(() => File.ReadAllBytes(PathOf(BinName)));
    private static readonly Lazy<XentraceTrace> LazyTrace = new(() => XentraceReader.Read(LazyBytes.Value));

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The file's bytes; callers must not modify them (copy first).</summary>
    public static byte[] Bytes => LazyBytes.Value;

    public static XentraceTrace Trace => LazyTrace.Value;
}
