using System.Diagnostics;
using System.Runtime.InteropServices;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>
/// <c>xentrace -D -e 0x0002f000 -S 256 FILE</c> around the runs (xen-internals.md 3.2: -D drops
/// stale records, the TRC_SCHED mask keeps the volume down, 256 pages per CPU avoid lost records).
/// Stopped with SIGINT (then SIGTERM) so it flushes its buffers; killed only if it does not exit within 10 s.
/// </summary>
public sealed class XentraceSession : IDisposable
{
    public const string EventMask = "0x0002f000";

    /// <summary>How long xentrace may take to open its output file before the runs start anyway.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _p;

    public string File { get; }

    public XentraceSession(ProcessRunner runner, string file, TimeSpan settle)
    {
        File = file;
        _p = runner.Start(["xentrace", "-D", "-e", EventMask, "-S", "256", file], redirect: true);
        _p.OutputDataReceived += (_, _) => { };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Stderr.Add(e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
        // Ready when it has opened its output file (xentrace does so just before installing its signal
        // handlers): a SIGINT before that would end it without a flush, and a fixed settle alone lost the
        // trace on a loaded host. Then the settle, for its first records.
        var ready = Stopwatch.StartNew();
        while (!System.IO.File.Exists(file) && !_p.HasExited && ready.Elapsed < ReadyTimeout) Thread.Sleep(10);
        Thread.Sleep(settle);
        if (_p.HasExited) throw new InvalidOperationException($"xentrace exited at once (code {_p.ExitCode}): {string.Join(" ", Stderr)}");
    }

    public List<string> Stderr { get; } = [];

    public void Stop()
    {
        if (_p.HasExited) return;
        // SIGINT, then SIGTERM: xentrace flushes and exits on either (one close_handler for SIGINT,
        // SIGTERM, SIGHUP). SIGTERM also reaches a tracer started from a background job, whose SIGINT the
        // shell set to ignored (a shell script cannot trap it then). Killed only if neither works.
        _ = Kill(_p.Id, 2);
        if (_p.WaitForExit(3_000)) return;
        _ = Kill(_p.Id, 15);
        if (!_p.WaitForExit(7_000))
        {
            _p.Kill(entireProcessTree: true);
            _p.WaitForExit(2000);
        }
    }

    public void Dispose()
    {
        Stop();
        _p.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

/// <summary>
/// <c>--apply-loads</c>: what dom0 can apply itself, i.e. <c>dom0.cpu_load_procs</c> CPU hogs
/// (<c>stress --cpu N</c> when installed, as the study used, else N shell busy loops), warmed up
/// for 2 s and stopped after the runs. Other loads need a peer or the domU: the user applies them, and the
/// plan says so.
/// </summary>
public sealed class LoadGenerator : IDisposable
{
    private readonly List<Process> _procs = [];

    public LoadGenerator(ProcessRunner runner, int cpuHogs, TimeSpan warmup)
    {
        if (cpuHogs <= 0) return;
        if (runner.Resolve("stress") is not null)
        {
            _procs.Add(runner.Start(["stress", "--cpu", cpuHogs.ToString(System.Globalization.CultureInfo.InvariantCulture)], redirect: true));
        }
        else
        {
            for (var i = 0; i < cpuHogs; i++) _procs.Add(runner.Start(["sh", "-c", "while :; do :; done"], redirect: true));
        }

        Description = $"{cpuHogs} CPU hog(s) in dom0 ({(runner.Resolve("stress") is not null ? "stress --cpu" : "sh busy loops")})";
        Thread.Sleep(warmup);
    }

    public string? Description { get; }

    public void Dispose()
    {
        foreach (var p in _procs)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }

        _procs.Clear();
    }
}
