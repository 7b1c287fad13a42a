using Spectre.Console;

namespace XenSwitchSim.Cli.Common;

/// <summary>
/// Spectre consoles: in a terminal, colour and box-drawn tables; when stdout is not a terminal (CI, pipes, files) or
/// the user asked for --quiet, plain text (no ANSI codes, ASCII table borders) wide enough that tables do not wrap.
/// </summary>
public static class Terminal
{
    public static IAnsiConsole For(TextWriter output, bool quiet = false)
    {
        var plain = quiet || !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected;
        var c = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (plain) c.Profile.Width = 132;
        return c;
    }

    /// <summary>Whether the console is plain (tables then use ASCII borders).</summary>
    public static bool IsPlain(IAnsiConsole c) => !c.Profile.Capabilities.Ansi;

    public static TableBorder Border(IAnsiConsole c) => IsPlain(c) ? TableBorder.Ascii : TableBorder.Simple;
}
