using System.Globalization;

namespace XenSwitchSim.Models.Errors;

/// <summary>
/// Where an input came from: a file (with 1-based line and column when known), or a
/// command-line source such as <c>--set</c>.
/// </summary>
public readonly record struct SourceLocation(string SourceName, int? Line = null, int? Column = null)
{
    public static SourceLocation Of(string sourceName) => new(sourceName);

    public static SourceLocation At(string sourceName, long line, long column) =>
        new(sourceName, checked((int)line), checked((int)column));

    public override string ToString() => (Line, Column) switch
    {
        (int l, int c) => string.Create(CultureInfo.InvariantCulture, $"{SourceName}:{l}:{c}"),
        (int l, null) => string.Create(CultureInfo.InvariantCulture, $"{SourceName}:{l}"),
        _ => SourceName,
    };
}
