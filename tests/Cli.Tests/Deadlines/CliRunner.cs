using System.Text.Json;

namespace XenSwitchSim.Cli.Tests.Deadlines;

/// <summary>Runs the CLI in-process with its own writers (no Console redirection, so tests may run in parallel).</summary>
internal static class CliRunner
{
    public sealed record Result(int Code, string Out, string Err)
    {
        public JsonElement Json => JsonDocument.Parse(Out).RootElement;
    }

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CliApp.Run(args, o, e);
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>A fresh temporary folder, deleted with its files on Dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "xss-tests-" + Guid.NewGuid().ToString("N")[..12]);

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    public static void HasKeys(JsonElement e, params string[] keys)
    {
        var have = Keys(e);
        foreach (var k in keys) Assert.True(have.Contains(k), $"missing key '{k}' in {{{string.Join(",", have)}}}");
    }
}
