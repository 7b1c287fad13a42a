namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// A trace (binary xentrace file or xenalyze / xentrace_format text) that cannot be read.
/// The message always says where (byte offset or line number) and what was expected.
/// </summary>
public sealed class TraceFormatException : FormatException
{
    public TraceFormatException(string message, long? byteOffset = null, int? lineNumber = null)
        : base(message)
    {
        ByteOffset = byteOffset;
        LineNumber = lineNumber;
    }

    /// <summary>Byte offset in a binary trace where the problem was found, if the input was binary.</summary>
    public long? ByteOffset { get; }

    /// <summary>1-based line number in a text trace, if the input was text.</summary>
    public int? LineNumber { get; }

    internal static TraceFormatException At(long offset, string what) =>
        new($"offset {offset}: {what}", byteOffset: offset);

    internal static TraceFormatException AtLine(int line, string what) =>
        new($"line {line}: {what}", lineNumber: line);
}
