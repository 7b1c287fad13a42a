using System.Diagnostics;
using System.Runtime.InteropServices;
using XenSwitchSim.Hardware.Sampler;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>
/// The domU sampler (src/Hardware/sampler/xss-sampler.c): cross-compiled for aarch64 and run under
/// qemu-user when Debian's gcc-aarch64-linux-gnu and qemu-user are installed (.ci/sampler.sh installs
/// them in CI), and built natively where a C compiler exists; skipped with the reason otherwise.
/// </summary>
public class SamplerTests
{
    private static readonly string Source = Path.Combine(AppContext.BaseDirectory, "sampler", "xss-sampler.c");
    private static readonly ProcessRunner Runner = new();

    private static SamplerLog BuildAndRun(string compiler, string[] flags, string? emulator, string mode, int count, int intervalUs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "xss-sampler-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            var exe = Path.Combine(dir, "xss-sampler");
            var build = Runner.Run([compiler, "-O2", "-Wall", "-Wextra", "-Werror", .. flags, "-o", exe, Source], TimeSpan.FromMinutes(2));
            Assert.True(build.ExitCode == 0, build.Stderr);
            var log = Path.Combine(dir, "log");
            string[] args = [exe, "-o", log, "-i", $"{intervalUs}", "-n", $"{count}", "-m", mode];
            var run = Runner.Run(emulator is null ? args : [emulator, .. args], TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, run.Stderr);
            return SamplerLog.Read(log);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void Check(SamplerLog s, int arch, int count, int intervalUs)
    {
        Assert.Equal(arch, s.Arch);
        Assert.Equal(count, s.Stamps.Length);
        Assert.True(s.CounterHz > 0);
        Assert.Equal((ulong)intervalUs * 1000, s.IntervalNs);
        Assert.False(s.OffsetKnown);
        Assert.True(s.Stamps[0] >= s.StartCounter);
        var deltas = s.Stamps.Zip(s.Stamps.Skip(1), (a, b) => (b - a) * 1e6 / s.CounterHz).Order().ToArray();
        var median = deltas[deltas.Length / 2];
        // The period holds to within scheduling noise (qemu on a shared machine is slow, hence the wide band).
        Assert.InRange(median, intervalUs * 0.5, intervalUs * 20.0);
    }

    [SkippableFact]
    public void Aarch64_build_runs_under_qemu_user_and_writes_a_valid_log()
    {
        Skip.If(Runner.Resolve("aarch64-linux-gnu-gcc") is null, "aarch64-linux-gnu-gcc is not installed (Debian gcc-aarch64-linux-gnu; .ci/sampler.sh installs it)");
        Skip.If(Runner.Resolve("qemu-aarch64") is null, "qemu-aarch64 is not installed (Debian qemu-user; .ci/sampler.sh installs it)");
        var emulator = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? null : "qemu-aarch64";
        Check(BuildAndRun("aarch64-linux-gnu-gcc", ["-static"], emulator, "sleep", 12, 2000), 1, 12, 2000);
        Check(BuildAndRun("aarch64-linux-gnu-gcc", ["-static"], emulator, "poll", 6, 1000), 1, 6, 1000);
    }

    [SkippableFact]
    public void Native_build_writes_a_valid_log()
    {
        Skip.If(RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64), "the sampler supports x86_64 and aarch64 only");
        Skip.If(Runner.Resolve("cc") is null, "no C compiler (cc) on this machine");
        var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 1 : 2;
        Check(BuildAndRun("cc", [], null, "sleep", 10, 1000), arch, 10, 1000);
        Check(BuildAndRun("cc", [], null, "poll", 5, 500), arch, 5, 500);
    }

    [Fact]
    public void Log_parser_rejects_bad_input_with_the_offset()
    {
        var good = new SamplerLog(1, 54_000_000, 4_000_000, 1, 100, 0, false, 20, [200, 416_200, 632_200]).ToBytes();
        Assert.Equal([200UL, 416_200, 632_200], SamplerLog.Parse(good).Stamps);
        Assert.Contains("offset 0", Assert.Throws<FormatException>(() => SamplerLog.Parse(good.AsSpan(0, 20))).Message);
        var bad = (byte[])good.Clone();
        bad[0] = (byte)'Y';
        Assert.Contains("magic", Assert.Throws<FormatException>(() => SamplerLog.Parse(bad)).Message);
        Assert.Contains("trailing", Assert.Throws<FormatException>(() => SamplerLog.Parse(good.AsSpan(0, good.Length - 3))).Message);
        var backwards = new SamplerLog(1, 54_000_000, 4_000_000, 1, 100, 0, false, 20, [500, 400]).ToBytes();
        Assert.Contains("offset 72", Assert.Throws<FormatException>(() => SamplerLog.Parse(backwards)).Message);
    }
}
