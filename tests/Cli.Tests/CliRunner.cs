namespace XenSwitchSim.Cli.Tests;

/// <summary>Runs the CLI in-process with the console captured (commands write to Console directly, so these tests never run in parallel).</summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    public static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                var code = CliApp.Run(args, o, e);
                return (code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }

    public static string Fixture(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string TempDir()
    {
        var d = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "xss-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }
}

[CollectionDefinition("console", DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>A temporary directory deleted at the end of the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("xenswitchsim-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
