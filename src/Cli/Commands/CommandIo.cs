using System.CommandLine;
using System.Globalization;
using XenSwitchSim.Models.Errors;
using XenSwitchSim.Models.Units;

namespace XenSwitchSim.Cli.Commands;

/// <summary>Small helpers shared by the trace, validate and hw commands.</summary>
internal static class CommandIo
{
    public static TextWriter Out(ParseResult pr) => pr.InvocationConfiguration.Output;

    public static TextWriter Err(ParseResult pr) => pr.InvocationConfiguration.Error;

    /// <summary>Prints "xenswitchsim: error: ..." and returns the bad-input exit code.</summary>
    public static int BadInput(ParseResult pr, string message)
    {
        Err(pr).WriteLine($"xenswitchsim: error: {message}");
        return ExitCodes.BadInput;
    }

    public static int Failure(ParseResult pr, string message)
    {
        Err(pr).WriteLine($"xenswitchsim: error: {message}");
        return ExitCodes.RuntimeFailure;
    }

    /// <summary>A frequency in the unit grammar (54MHz, 2.1GHz) or a bare number of Hz.</summary>
    public static ulong ParseHz(string text, string option)
    {
        double hz;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)) hz = bare;
        else if (!QuantityParser.TryParse(text, Unit.Hertz, out hz, out var why))
            throw new InputError(SourceLocation.Of(option), $"'{text}': {why}", "expected a frequency such as 54MHz, 2.1GHz or 54000000");
        if (!(hz >= 1000 && hz < 1e12))
            throw new InputError(SourceLocation.Of(option), $"'{text}' is not a counter frequency", "expected 1 kHz .. 1 THz");
        return (ulong)Math.Round(hz);
    }

    public static string Version =>
        typeof(CommandIo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
