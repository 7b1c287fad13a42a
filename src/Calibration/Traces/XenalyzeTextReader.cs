using System.Globalization;
using System.Text.RegularExpressions;

namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Parses <c>xenalyze --dump-all</c> output. A dump line is
/// <c>" " + ("%3u.%09u" seconds, or 14 blanks at time 0) + " " + pcpu string + " d&lt;dom&gt;v&lt;vcpu&gt; " + event text</c>,
/// where the pcpu string has one character per pCPU and an <c>x</c> at the record's CPU
/// (<c>|</c> busy, <c>-</c> idle, <c>.</c> default domain, <c>l</c> lost, blank unknown).
/// runstate_change/continue, vcpu_sleep/wake/block/yield and the sched_switch lines are decoded;
/// other dump lines are kept as <see cref="XenalyzeLineKind.Other"/>; anything else (summaries, warnings)
/// is skipped and counted. Microsecond values are printed by xenalyze as <c>%u.%u</c> of ns/1000 and
/// ns%1000 without zero padding, so the digits after the dot are read as an integer number of ns
/// (<c>1.5us</c> = 1005 ns).
/// </summary>
public static partial class XenalyzeTextReader
{
    public static TextTrace<XenalyzeLine> Parse(TextReader reader) => Parse(TextTraceReading.Lines(reader));

    public static TextTrace<XenalyzeLine> Parse(IEnumerable<string> lines) =>
        TextTraceReading.Parse(lines, ParseLine, "xenalyze --dump-all");

    public static TextTrace<XenalyzeLine> ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>The parsed line, or null when it is not a dump line.</summary>
    public static XenalyzeLine? ParseLine(string line, int lineNumber)
    {
        ulong timeNs;
        string rest;
        Match time = TimePrefix().Match(line);
        if (time.Success)
        {
            if (!ulong.TryParse(time.Groups["s"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
                || s > 18_000_000_000)
            {
                return null;
            }

            timeNs = (s * 1_000_000_000) + ulong.Parse(time.Groups["ns"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
            rest = line[time.Length..];
        }
        else
        {
            // Blank time: " " + 14 blanks + " ", then the pcpu string (which may itself start with a blank).
            int blanks = 0;
            while (blanks < line.Length && line[blanks] == ' ')
            {
                blanks++;
            }

            if (blanks < 14)
            {
                return null;
            }

            timeNs = 0;
            rest = blanks >= 16 ? line[16..] : line[blanks..];
        }

        Match header = PcpuAndCurrent().Match(rest);
        if (!header.Success)
        {
            return null;
        }

        string pcpu = header.Groups["pcpu"].Value;
        int cpu = pcpu.IndexOf('x', StringComparison.Ordinal);
        if (cpu < 0 || pcpu.IndexOf('x', cpu + 1) >= 0)
        {
            return null;
        }

        int? curDom = Int(header.Groups["cd"]);
        int? curVcpu = Int(header.Groups["cv"]);
        string text = header.Groups["text"].Value.TrimEnd();
        var line0 = new XenalyzeLine(lineNumber, timeNs, pcpu, cpu, curDom, curVcpu, XenalyzeLineKind.Other, text);
        return DecodeText(line0, text);
    }

    private static XenalyzeLine DecodeText(XenalyzeLine line, string text)
    {
        Match m = Runstate().Match(text);
        if (m.Success
            && RunStateNames.TryParse(m.Groups["old"].Value, out RunState old)
            && RunStateNames.TryParse(m.Groups["new"].Value, out RunState @new))
        {
            return line with
            {
                Kind = m.Groups["kind"].Value == "change" ? XenalyzeLineKind.RunstateChange : XenalyzeLineKind.RunstateContinue,
                Dom = Int(m.Groups["d"]),
                Vcpu = Int(m.Groups["v"]),
                Old = old,
                New = @new,
            };
        }

        m = VcpuAction().Match(text);
        if (m.Success)
        {
            XenalyzeLineKind kind = m.Groups["a"].Value switch
            {
                "sleep" => XenalyzeLineKind.VcpuSleep,
                "wake" => XenalyzeLineKind.VcpuWake,
                "block" => XenalyzeLineKind.VcpuBlock,
                _ => XenalyzeLineKind.VcpuYield,
            };
            return line with { Kind = kind, Dom = Int(m.Groups["d"]), Vcpu = Int(m.Groups["v"]) };
        }

        m = Switch().Match(text);
        if (m.Success)
        {
            return line with
            {
                Kind = XenalyzeLineKind.SchedSwitch,
                Dom = Int(m.Groups["pd"]),
                Vcpu = Int(m.Groups["pv"]),
                NextDom = Int(m.Groups["nd"]),
                NextVcpu = Int(m.Groups["nv"]),
            };
        }

        m = SwitchInfo().Match(text);
        if (m.Success)
        {
            XenalyzeLineKind kind = m.Groups["which"].Value switch
            {
                "prev" => XenalyzeLineKind.SwitchPrev,
                "next" => XenalyzeLineKind.SwitchNext,
                _ => XenalyzeLineKind.SwitchContinue,
            };
            ulong? duration = null;
            Match us = kind == XenalyzeLineKind.SwitchNext ? RunnableFor().Match(text) : RunFor().Match(text);
            if (us.Success)
            {
                duration = XenalyzeMicroseconds(us.Groups["us"].ValueSpan, us.Groups["frac"].ValueSpan);
            }

            return line with { Kind = kind, Dom = Int(m.Groups["d"]), Vcpu = Int(m.Groups["v"]), DurationNs = duration };
        }

        return line;
    }

    /// <summary>
    /// ns of a xenalyze "%u.%uus" value: the part after the dot is ns%1000 printed without padding.
    /// Null when the fraction has more than 3 digits (not xenalyze's form) or the value overflows.
    /// </summary>
    public static ulong? XenalyzeMicroseconds(ReadOnlySpan<char> whole, ReadOnlySpan<char> fraction)
    {
        if (fraction.Length is 0 or > 3
            || !ulong.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out ulong us)
            || us > ulong.MaxValue / 1000 - 1000
            || !ulong.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out ulong ns))
        {
            return null;
        }

        return (us * 1000) + ns;
    }

    private static int? Int(Group g) =>
        g.Success && int.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;

    [GeneratedRegex(@"^\s*(?<s>\d{1,11})\.(?<ns>\d{9}) ")]
    private static partial Regex TimePrefix();

    [GeneratedRegex(@"^(?<pcpu>[x|.\-l0-9 ]*?) d(?:(?<cd>\d+)|\?)v(?:(?<cv>\d+)|\?) (?<text>\S.*)$")]
    private static partial Regex PcpuAndCurrent();

    [GeneratedRegex(@"^runstate_(?<kind>change|continue) (?:\{-?\d+,-?\d+\} )?d(?<d>\d+)v(?<v>\d+) (?<old>[a-z]+)->(?<new>[a-z]+)")]
    private static partial Regex Runstate();

    [GeneratedRegex(@"^vcpu_(?<a>sleep|wake|block|yield) d(?<d>\d+)v(?<v>\d+)")]
    private static partial Regex VcpuAction();

    [GeneratedRegex(@"^sched_switch prev d(?<pd>\d+)v(?<pv>\d+) next d(?<nd>\d+)v(?<nv>\d+)")]
    private static partial Regex Switch();

    [GeneratedRegex(@"^sched_switch (?<which>prev|next|continue) d(?<d>\d+)(?:v(?<v>\d+))?(?:,|$)")]
    private static partial Regex SwitchInfo();

    [GeneratedRegex(@"run for (?<us>\d+)\.(?<frac>\d+)us")]
    private static partial Regex RunFor();

    [GeneratedRegex(@"was runnable for (?<us>\d+)\.(?<frac>\d+)us")]
    private static partial Regex RunnableFor();
}
