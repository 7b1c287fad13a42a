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

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "xss-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    public static string[] Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    public static void HasKeys(JsonElement e, params string[] keys)
    {
        var have = Keys(e);
        foreach (var k in keys) Assert.True(have.Contains(k), $"missing key '{k}' in {{{string.Join(",", have)}}}");
    }
}
