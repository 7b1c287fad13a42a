using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Parameters;

/// <summary><c>--set KEY=VALUE</c> on the command line.</summary>
public static class SetArgument
{
    public const string SourceName = "--set";

    public static ParameterAssignment Parse(string argument)
    {
        var where = SourceLocation.Of(SourceName);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new InputError(where, $"cannot read '{argument}'", "expected KEY=VALUE, e.g. dom0.cpu_load_procs=4");
        }

        return ParameterParser.Parse(argument[..equals].Trim(), argument[(equals + 1)..].Trim(), where);
    }

    public static IReadOnlyList<ParameterAssignment> ParseAll(IEnumerable<string> arguments) =>
        [.. arguments.Select(Parse)];
}
