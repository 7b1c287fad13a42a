using System.Runtime.InteropServices;

namespace XenSwitchSim.Hardware.Counters;

/// <summary>
/// Reads the hardware counter with a few bytes of machine code placed in an executable page
/// (mmap + mprotect through libc), because .NET has no intrinsic for <c>mrs cntvct_el0</c> or
/// <c>rdtsc</c>:
/// <list type="bullet">
/// <item>arm64: <c>isb; mrs x0, cntvct_el0; ret</c> (the isb keeps the read from being hoisted, as
/// Linux's <c>__arch_counter_get_cntvct</c> does) and <c>mrs x0, cntfrq_el0; ret</c> for the frequency;</item>
/// <item>x86-64: <c>lfence; rdtsc; shl rdx, 32; or rax, rdx; ret</c>; the TSC frequency is not readable
/// from user space, so <see cref="Hz"/> is 0 unless given.</item>
/// </list>
/// </summary>
public sealed unsafe class NativeCounter : ICounter, IDisposable
{
    private static readonly byte[] Arm64Read = [0xdf, 0x3f, 0x03, 0xd5, 0x40, 0xe0, 0x3b, 0xd5, 0xc0, 0x03, 0x5f, 0xd6];
    private static readonly byte[] Arm64Freq = [0x00, 0xe0, 0x3b, 0xd5, 0xc0, 0x03, 0x5f, 0xd6];
    private static readonly byte[] X64Read = [0x0f, 0xae, 0xe8, 0x0f, 0x31, 0x48, 0xc1, 0xe2, 0x20, 0x48, 0x09, 0xd0, 0xc3];

    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;

    private readonly nint _page;
    private readonly delegate* unmanaged<ulong> _read;

    private NativeCounter(nint page, double hz, string name)
    {
        _page = page;
        _read = (delegate* unmanaged<ulong>)page;
        Hz = hz;
        Name = name;
    }

    public string Name { get; }

    public double Hz { get; }

    public ulong Read() => _read();

    /// <summary>The counter of this machine, or null where no stub exists (not Linux, or another CPU).</summary>
    public static NativeCounter? TryCreate(double? hz = null)
    {
        if (!OperatingSystem.IsLinux()) return null;
        return RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => Create(Arm64Read, Arm64Freq, hz, "CNTVCT_EL0"),
            Architecture.X64 => Create(X64Read, null, hz, "TSC"),
            _ => null,
        };
    }

    private static NativeCounter Create(byte[] read, byte[]? freq, double? hz, string name)
    {
        var page = Mmap(0, 4096, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1) throw new InvalidOperationException($"mmap failed (errno {Marshal.GetLastPInvokeError()})");
        Marshal.Copy(read, 0, page, read.Length);
        if (freq is not null) Marshal.Copy(freq, 0, page + 64, freq.Length);
        if (Mprotect(page, 4096, ProtRead | ProtExec) != 0)
        {
            Munmap(page, 4096);
            throw new InvalidOperationException($"mprotect(PROT_EXEC) failed (errno {Marshal.GetLastPInvokeError()}); the system forbids executable pages");
        }

        double f = hz ?? 0;
        if (hz is null && freq is not null) f = ((delegate* unmanaged<ulong>)(page + 64))();
        return new NativeCounter(page, f, name);
    }

    public void Dispose() => Munmap(_page, 4096);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [DllImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static extern int Mprotect(nint addr, nuint length, int prot);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(nint addr, nuint length);
}
