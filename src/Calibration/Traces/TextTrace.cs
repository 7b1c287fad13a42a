namespace XenSwitchSim.Calibration.Traces;

/// <summary>Lines parsed from a text trace, and how many were skipped as not being trace lines.</summary>
public sealed record TextTrace<TLine>(
    IReadOnlyList<TLine> Lines,
    int SkippedLines,
    IReadOnlyList<int> SkippedLineNumbers);

internal static class TextTraceReading
{
    /// <summary>Skipped line numbers kept for diagnostics; the count is always exact.</summary>
    public const int MaxSkippedLineNumbers = 100;

    public static IEnumerable<string> Lines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>
    /// Shared loop: parse each line; blank lines are ignored; unparsable ones are skipped and counted.
    /// If nothing parses but something was there, the input is not this format: throw, naming the
    /// first non-blank line.
    /// </summary>
    public static TextTrace<T> Parse<T>(IEnumerable<string> lines, Func<string, int, T?> parseLine, string formatName)
        where T : class
    {
        var parsed = new List<T>();
        var skippedNumbers = new List<int>();
        int skipped = 0;
        int lineNumber = 0;
        int firstNonBlank = 0;
        string? firstNonBlankText = null;

        foreach (string line in lines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (firstNonBlankText is null)
            {
                firstNonBlank = lineNumber;
                firstNonBlankText = line;
            }

            T? item = parseLine(line, lineNumber);
            if (item is null)
            {
                skipped++;
                if (skippedNumbers.Count < MaxSkippedLineNumbers)
                {
                    skippedNumbers.Add(lineNumber);
                }
            }
            else
            {
                parsed.Add(item);
            }
        }

        if (parsed.Count == 0 && firstNonBlankText is not null)
        {
            string shown = firstNonBlankText.Length > 80 ? firstNonBlankText[..80] + "..." : firstNonBlankText;
            throw TraceFormatException.AtLine(firstNonBlank,
                $"no line of the input is {formatName} output ({skipped} non-blank line(s) tried); the first is \"{shown}\"");
        }

        return new TextTrace<T>(parsed, skipped, skippedNumbers);
    }
}
