using System.Diagnostics;

namespace XenSwitchSim.Cli.Reports.Browser;

/// <summary>
/// The system's Chromium, run headless (the flags of docs/reference: no sandbox as root, no GPU, no network
/// services, a throw-away profile). Only an installed browser is used: nothing is ever downloaded.
/// </summary>
public sealed class Chromium
{
    /// <summary>Overrides where to look (a path to a chromium/chrome executable).</summary>
    public const string EnvironmentVariable = "XENSWITCHSIM_CHROMIUM";

    public static readonly IReadOnlyList<string> Candidates =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    public const string InstallHint =
        "PNG export needs Chromium, which is not installed (looked for /usr/bin/chromium, /usr/bin/chromium-browser, " +
        "/usr/bin/google-chrome, or $" + EnvironmentVariable + "). Install it with: sudo apt-get install chromium " +
        "(Debian; on Ubuntu: sudo apt-get install chromium-browser), or point " + EnvironmentVariable + " at a Chrome/Chromium " +
        "executable. xenswitchsim never downloads a browser. The HTML report (--report) needs no browser to be written.";

    private Chromium(string path) => ExecutablePath = path;

    public string ExecutablePath { get; }

    /// <summary>The installed Chromium, or null.</summary>
    public static Chromium? Find()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return File.Exists(env) ? new Chromium(env) : null;
        var found = Candidates.FirstOrDefault(File.Exists);
        return found is null ? null : new Chromium(found);
    }

    /// <summary>The headless flags (docs/reference/dotnet-toolchain.md §1) with a fresh profile directory.</summary>
    public static IReadOnlyList<string> HeadlessArguments(string profileDir, int virtualTimeMs) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profileDir}", "--hide-scrollbars",
        $"--virtual-time-budget={virtualTimeMs}",
        // Pages are local files that must render with no network: make every host name unresolvable.
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ];

    /// <summary>Screenshots <paramref name="file"/> (an HTML file) at the given window size into <paramref name="pngPath"/>.</summary>
    public void Screenshot(string file, string pngPath, int width, int height, int virtualTimeMs = 5000)
    {
        var r = Run([$"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(Path.GetFullPath(file)).AbsoluteUri], virtualTimeMs);
        if (!File.Exists(pngPath) || new FileInfo(pngPath).Length == 0)
            throw new IOException($"chromium wrote no screenshot of {file} (exit {r.ExitCode}): {Tail(r.Stderr)}");
    }

    /// <summary>The DOM of <paramref name="file"/> after its scripts ran (chromium --dump-dom).</summary>
    public string DumpDom(string file, int width = 1280, int height = 1000, int virtualTimeMs = 10000)
    {
        var r = Run(["--dump-dom", $"--window-size={width},{height}", new Uri(Path.GetFullPath(file)).AbsoluteUri], virtualTimeMs);
        if (r.ExitCode != 0 && r.Stdout.Length == 0) throw new IOException($"chromium --dump-dom failed (exit {r.ExitCode}): {Tail(r.Stderr)}");
        return r.Stdout;
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public Result Run(IEnumerable<string> arguments, int virtualTimeMs = 5000, TimeSpan? timeout = null)
    {
        var profile = Directory.CreateTempSubdirectory("xenswitchsim-chromium-");
        try
        {
            var psi = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var a in HeadlessArguments(profile.FullName, virtualTimeMs)) psi.ArgumentList.Add(a);
            foreach (var a in arguments) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new IOException($"could not start {ExecutablePath}");
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(90)))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {(timeout ?? TimeSpan.FromSeconds(90)).TotalSeconds} s");
            }
            p.WaitForExit();
            return new Result(p.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string Tail(string s)
    {
        var lines = s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("dbus", StringComparison.OrdinalIgnoreCase) && !l.Contains("unexpected operator", StringComparison.Ordinal));
        return string.Join(" | ", lines.TakeLast(3));
    }
}
