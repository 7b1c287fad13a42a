namespace XenSwitchSim.Cli.Tests;

/// <summary>
/// Output that is not a terminal (CI, pipes, files; the runner captures it) is plain: no ANSI codes and ASCII
/// table borders, for every command that prints tables, so logs and greps see the same text as a screen.
/// </summary>
public class PlainOutputTests
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "deadline", "--runs", "200", "--threads", "1", "--deadline", "50ms" },
        new[] { "compare", "--runs", "100", "--threads", "1", "--b-set", "xl.nice=-20" },
        new[] { "advise", "--runs", "100", "--threads", "1", "--deadline", "200ms", "--miss-prob", "0.5" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Tables_printed_to_a_non_terminal_use_ascii_borders_and_no_escape_codes(string[] args)
    {
        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.True(code == 0, stderr);
        Assert.Contains("+--", stdout, StringComparison.Ordinal); // an ASCII table was printed
        Assert.DoesNotContain("\u001b[", stdout, StringComparison.Ordinal);
        Assert.False(stdout.Any(ch => ch is >= '\u2500' and <= '\u257f'), "box-drawing characters in piped output:\n" + stdout);
    }
}
