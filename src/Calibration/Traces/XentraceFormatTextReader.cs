using System.Globalization;
using System.Text.RegularExpressions;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Parses <c>xentrace_format</c> output lines:
/// <c>CPU2  123456789012 (+    1234)  running_to_offline  [ dom:vcpu = 0x00010000 ]</c>.
/// The event is re-derived from the printed hex id where there is one (<c>unknown (0x...)</c>),
/// otherwise from the label's place in the shipped formats file (see <see cref="XentraceFormatLabels"/>);
/// the label text itself is not trusted. Lines that are not record lines (e.g. "TSC stepped backward")
/// are skipped and counted.
/// </summary>
public static partial class XentraceFormatTextReader
{
    public static TextTrace<XentraceFormatLine> Parse(TextReader reader) => Parse(TextTraceReading.Lines(reader));

    public static TextTrace<XentraceFormatLine> Parse(IEnumerable<string> lines) =>
        TextTraceReading.Parse(lines, ParseLine, "xentrace_format");

    public static TextTrace<XentraceFormatLine> ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>The parsed line, or null when it is not a record line.</summary>
    public static XentraceFormatLine? ParseLine(string line, int lineNumber)
    {
        Match m = RecordLine().Match(line);
        if (!m.Success
            || !int.TryParse(m.Groups["cpu"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu)
            || !ulong.TryParse(m.Groups["tsc"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong tsc)
            || !long.TryParse(m.Groups["rel"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long rel))
        {
            return null;
        }

        string body = m.Groups["body"].Value;
        string head = body;
        string? bracket = null;
        int open = body.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0)
        {
            head = body[..open];
            int close = body.LastIndexOf(']');
            bracket = close > open ? body[(open + 1)..close] : body[(open + 1)..];
        }

        head = head.Trim();
        string label = LabelOf(head);
        uint? eventId = null;
        Match hex = HexId().Match(head);
        if (hex.Success
            && ulong.TryParse(hex.Groups["id"].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong printed)
            && printed <= 0x0fffffff)
        {
            eventId = (uint)printed;
        }
        else if (XentraceFormatLabels.TryGetEventId(label, out uint fromLabel))
        {
            eventId = fromLabel;
        }

        List<KeyValuePair<string, string>> fields = Fields(bracket);
        int? dom = null, vcpu = null, nextDom = null, nextVcpu = null;
        foreach ((string key, string value) in fields)
        {
            if (!TryHex(value, out uint packed))
            {
                continue;
            }

            (int d, int v) = ((int)(packed >> 16), (int)(packed & 0xffff));
            switch (key)
            {
                case "dom:vcpu" or "new_dom:vcpu" or "prev<dom:vcpu>":
                    (dom, vcpu) = (d, v);
                    break;
                case "next<dom:vcpu>":
                    (nextDom, nextVcpu) = (d, v);
                    break;
            }
        }

        RunState? oldState = null, newState = null;
        if (eventId is { } id && TraceEventIds.TryGetRunstateChange(id, out RunState o, out RunState n))
        {
            (oldState, newState) = (o, n);
        }

        string name = eventId is { } known && TraceEventDecoder.NameOf(known) is var decoded && decoded != "unknown"
            ? decoded
            : label;

        return new XentraceFormatLine(lineNumber, cpu, tsc, rel, label, eventId, name,
            dom, vcpu, oldState, newState, nextDom, nextVcpu, fields);
    }

    /// <summary>The rule label: first word, except the two-word "csched2:credit burn" and "unknown (0x...)".</summary>
    private static string LabelOf(string head)
    {
        if (head.StartsWith("csched2:credit burn", StringComparison.Ordinal))
        {
            return "csched2:credit burn";
        }

        int space = head.IndexOfAny([' ', '\t']);
        return space < 0 ? head : head[..space];
    }

    private static List<KeyValuePair<string, string>> Fields(string? bracket)
    {
        var fields = new List<KeyValuePair<string, string>>();
        if (bracket is null)
        {
            return fields;
        }

        foreach (string part in bracket.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields.Add(new(part[..eq].Trim(), part[(eq + 1)..].Trim()));
            }
        }

        return fields;
    }

    private static bool TryHex(string value, out uint result)
    {
        result = 0;
        string v = value.Split(' ', 2)[0];
        return v.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
               && uint.TryParse(v.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out result);
    }

    [GeneratedRegex(@"^\s*CPU(?<cpu>\d{1,6})\s+(?<tsc>\d{1,20})\s+\(\+\s*(?<rel>-?\d{1,20})\)\s+(?<body>\S.*)$")]
    private static partial Regex RecordLine();

    [GeneratedRegex(@"\(0x(?<id>[0-9a-fA-F]{1,16})\)")]
    private static partial Regex HexId();
}
