using Spectre.Console;

namespace XenSwitchSim.Cli.Common;

/// <summary>Spectre consoles: plain text when stdout is not a terminal, and wide enough that tables do not wrap in logs.</summary>
public static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var toConsole = ReferenceEquals(output, Console.Out);
        var c = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = toConsole ? AnsiSupport.Detect : AnsiSupport.No,
            Interactive = toConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!toConsole || Console.IsOutputRedirected) c.Profile.Width = 132;
        return c;
    }
}
