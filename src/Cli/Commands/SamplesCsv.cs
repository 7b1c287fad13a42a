using System.Globalization;
using XenSwitchSim.Models.Errors;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// Reads one column of times (us) from a CSV: simulate --samples-csv's file (header row, pick a column), or a file
/// of bare numbers, one per line. Errors name the file and line: a malformed number, a row with the wrong number of
/// fields, a missing column (with the columns there are), no data. Empty cells (an operation that did not run or
/// complete) are skipped and counted.
/// </summary>
public static class SamplesCsv
{
    public const string DefaultColumn = "switch_true_us";

    public sealed record Column(string Name, double[] Values, int Skipped);

    public static Column Read(string path, string? column)
    {
        if (!File.Exists(path)) throw new InputError(SourceLocation.Of(path), "no such file", "expected a CSV of samples (simulate --samples-csv writes one)");
        var lines = File.ReadAllLines(path);
        int first = 0;
        while (first < lines.Length && IsBlankOrComment(lines[first])) first++;
        if (first == lines.Length) throw new InputError(SourceLocation.Of(path), "the file has no data", "expected a header row and at least 10 rows of numbers, or at least 10 numbers one per line");
        var head = Split(lines[first]);
        bool hasHeader = head.Any(f => f.Length > 0 && !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        int index;
        string name;
        int width = head.Length;
        if (hasHeader)
        {
            var names = head.Select(h => h.Trim()).ToArray();
            if (column is not null)
            {
                index = Array.IndexOf(names, column);
                if (index < 0) throw new InputError(SourceLocation.At(path, first + 1, 1), $"no column '{column}'", "columns: " + string.Join(", ", names));
            }
            else if (names.Length == 1) index = 0;
            else if ((index = Array.IndexOf(names, DefaultColumn)) < 0)
                throw new InputError(SourceLocation.At(path, first + 1, 1), "several columns and none named " + DefaultColumn, "choose one with --column; columns: " + string.Join(", ", names));
            name = names[index];
            first++;
        }
        else
        {
            if (column is not null) throw new InputError(SourceLocation.At(path, first + 1, 1), $"--column {column} given but the file has no header row", "expected a header row naming the columns, or no --column for a file of bare numbers");
            if (width != 1) throw new InputError(SourceLocation.At(path, first + 1, 1), $"{width} fields and no header row", "expected a header row naming the columns, or one number (us) per line");
            index = 0;
            name = "(values)";
        }

        var values = new List<double>();
        int skipped = 0;
        for (int i = first; i < lines.Length; i++)
        {
            if (IsBlankOrComment(lines[i])) continue;
            var f = Split(lines[i]);
            if (f.Length != width)
                throw new InputError(SourceLocation.At(path, i + 1, 1), $"{f.Length} fields where the header has {width}", "expected every row to have as many fields as the header");
            var cell = f[index].Trim();
            if (cell.Length == 0)
            {
                skipped++;
                continue;
            }
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x) || x < 0)
                throw new InputError(SourceLocation.At(path, i + 1, Column1(lines[i], index)), $"'{cell}' in column {name} is not a time", "expected a non-negative number of microseconds");
            values.Add(x);
        }
        if (values.Count == 0) throw new InputError(SourceLocation.Of(path), $"column {name} has no values" + (skipped > 0 ? $" ({skipped} empty cells)" : ""), "expected at least 10 numbers");
        if (values.Count < 10) throw new InputError(SourceLocation.Of(path), $"column {name} has only {values.Count} values", "the tail analysis needs at least 10 (1000 or more for a tail fit)");
        return new Column(name, values.ToArray(), skipped);
    }

    private static bool IsBlankOrComment(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    private static string[] Split(string line) => line.Split(',');

    private static int Column1(string line, int field)
    {
        int col = 1;
        for (int k = 0; k < field; k++) col = line.IndexOf(',', col - 1) + 2;
        return col;
    }
}
