using YamlDotNet.Core;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// An error raised inside deserialization by our own hooks, carrying our message and (when the
/// event is known) its position; <see cref="YamlErrorTranslator"/> turns it into an InputError.
/// </summary>
internal sealed class YamlSpotException : YamlException
{
    public YamlSpotException(Mark start, Mark end, string problem, string? expected = null)
        : base(start, end, problem)
    {
        Problem = problem;
        Expected = expected;
        HasMark = true;
    }

    /// <summary>No position known here; the enclosing YamlDotNet exception supplies it.</summary>
    public YamlSpotException(string problem, string? expected = null)
        : base(problem)
    {
        Problem = problem;
        Expected = expected;
    }

    public string Problem { get; }

    public string? Expected { get; }

    public bool HasMark { get; }
}
