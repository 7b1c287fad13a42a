using System.Runtime.InteropServices;
using XenSwitchSim.Hardware.Counters;

namespace XenSwitchSim.Hardware.Tests;

public class NativeCounterTests
{
    [SkippableFact]
    public void The_machine_code_stub_reads_a_counter_that_advances()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64,
            "the counter stub exists for Linux on x86-64 and arm64 only");
        using var c = NativeCounter.TryCreate()!;
        var a = c.Read();
        Thread.Sleep(20);
        var b = c.Read();
        Assert.True(b > a, $"{a} then {b}");
        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64) Assert.True(c.Hz > 0); // CNTFRQ_EL0
        else Assert.Equal(0, c.Hz); // the TSC rate is not readable from user space
        using var given = NativeCounter.TryCreate(2.1e9)!;
        Assert.Equal(2.1e9, given.Hz);
    }
}
