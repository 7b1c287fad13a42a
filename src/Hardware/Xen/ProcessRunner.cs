using System.Diagnostics;

namespace XenSwitchSim.Hardware.Xen;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

/// <summary>
/// Runs a program found on a given search path (PATH by default), with a timeout after which the
/// process tree is killed. Tests put a fake <c>xl</c> first on the search path.
/// </summary>
public sealed class ProcessRunner(string? searchPath = null)
{
    public string SearchPath { get; } = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The first executable file of that name on the search path, or null.</summary>
    public string? Resolve(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? program : null;
        foreach (var dir in SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, program);
            if (File.Exists(p) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return p;
            }
        }

        return null;
    }

    public string Require(string program) =>
        Resolve(program) ?? throw new FileNotFoundException($"'{program}' is not on the search path ({SearchPath})");

    /// <summary>
    /// Runs the command to completion (or kills its tree after <paramref name="timeout"/>) and returns
    /// everything it wrote. The two pipes are drained on dedicated threads, not on the thread pool: a
    /// busy pool (replications running on every core) once delayed an async read past a fixed 2-s wait
    /// and <c>xl list</c> came back empty. Output that cannot be drained counts as a timeout, never as
    /// empty output.
    /// </summary>
    public ProcessResult Run(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var p = Start(command, redirect: true);
        var stdout = new PipeDrain(p.StandardOutput);
        var stderr = new PipeDrain(p.StandardError);
        var exited = p.WaitForExit(timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(2000);
        }

        // After exit the pipes close unless a grandchild still holds them; give them the same bound.
        var drained = stdout.Join(timeout) & stderr.Join(timeout);
        return new ProcessResult(exited ? p.ExitCode : -1, stdout.Text, stderr.Text, !exited || !drained);
    }

    /// <summary>Reads one redirected stream to its end on its own background thread.</summary>
    private sealed class PipeDrain
    {
        private readonly Thread _thread;
        private string _text = "";

        public PipeDrain(StreamReader reader)
        {
            _thread = new Thread(() =>
            {
                // A stream still held by a killed tree's grandchild is disposed under the reader when
                // Run returns; that read's text is no longer wanted, and the exception must not end the process.
                try { _text = reader.ReadToEnd(); }
                catch (Exception e) when (e is IOException or ObjectDisposedException) { }
            }) { IsBackground = true, Name = "process-pipe" };
            _thread.Start();
        }

        public string Text => Volatile.Read(ref _text);

        public bool Join(TimeSpan limit) => _thread.Join(limit);
    }

    public Process Start(IReadOnlyList<string> command, bool redirect)
    {
        var psi = new ProcessStartInfo(Require(command[0]))
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = false,
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = SearchPath;
        return Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command[0]}");
    }
}
