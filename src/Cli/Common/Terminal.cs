using Spectre.Console;

namespace XenSwitchSim.Cli.Common;

/// <summary>Spectre consoles: plain text when stdout is not a terminal, and wide enough that tables do not wrap in logs.</summary>
public static class Terminal
{
    public static IAnsiConsole Stdout()
    {
        var c = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) c.Profile.Width = 132;
        return c;
    }
}
