namespace XenSwitchSim.Models.Errors;

/// <summary>
/// An error the user caused (bad file, bad value, unknown key). The CLI prints
/// <see cref="Exception.Message"/> once and exits with 2; nothing else needs the stack trace.
/// Reads like <c>models/x.yaml:12:5: unknown parameter 'a'; did you mean 'b'? valid keys: ...</c>.
/// </summary>
public sealed class InputError : Exception
{
    public InputError(SourceLocation where, string problem, string? expected = null, Exception? inner = null)
        : base(Compose(where, problem, expected), inner)
    {
        Where = where;
        Problem = problem;
        Expected = expected;
    }

    public SourceLocation Where { get; }

    /// <summary>File path or source name such as <c>--set</c>.</summary>
    public string SourceName => Where.SourceName;

    public int? Line => Where.Line;

    public int? Column => Where.Column;

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>What would have been accepted (valid keys, units, a suggestion), if known.</summary>
    public string? Expected { get; }

    public override string ToString() => Message;

    private static string Compose(SourceLocation where, string problem, string? expected) =>
        expected is null ? $"{where}: {problem}" : $"{where}: {problem}; {expected}";
}
