using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Models.Yaml;

/// <summary>
/// A scalar exactly as written, with its position. DTOs hold these instead of typed values so
/// that every conversion error (type, range, unit) can point at the value's line and column,
/// and so that YAML 1.1 readings (<c>null</c>, <c>no</c>, <c>0x10</c>) never reach the model:
/// <c>xen.scheduler: null</c> stays the scheduler's name.
/// </summary>
public sealed class YamlValue : IEquatable<YamlValue>
{
    public YamlValue(string text, long line, long column, bool isQuoted)
    {
        Text = text;
        Line = line;
        Column = column;
        IsQuoted = isQuoted;
    }

    public string Text { get; }

    /// <summary>1-based.</summary>
    public long Line { get; }

    /// <summary>1-based.</summary>
    public long Column { get; }

    public bool IsQuoted { get; }

    /// <summary>Nothing written (<c>key:</c> or <c>key: ~</c>).</summary>
    public bool IsEmpty => !IsQuoted && (Text.Length == 0 || Text == "~");

    public SourceLocation At(string sourceName) => SourceLocation.At(sourceName, Line, Column);

    /// <summary>Equal by text only, so that dictionary keys compare as YAML keys do.</summary>
    public bool Equals(YamlValue? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as YamlValue);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;
}
