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

    /// <summary>Starts the command; <paramref name="onStarted"/> runs right after the process is created.</summary>
    public ProcessResult Run(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancel = default)
    {
        using var p = Start(command, redirect: true);
        var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
        var exited = p.WaitForExit(timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(2000);
        }
        else
        {
            p.WaitForExit(); // drains the redirected streams
        }

        return new ProcessResult(exited ? p.ExitCode : -1, Wait(stdout), Wait(stderr), !exited);
    }

    private static string Wait(Task<string> t) => t.Wait(2000) ? t.Result : "";

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
