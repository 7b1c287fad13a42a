using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using XenSwitchSim.Calibration.Traces;
using XenSwitchSim.Cli.Output;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>trace dump</c> and <c>trace phases</c> (contracts.md section 3): the xentrace and xenalyze
/// readers on the command line. Unreadable input exits 2 with the byte offset (binary) or line (text).
/// </summary>
public static class TraceCommand
{
    public const string DefaultCpuHz = "54MHz";

    public static Command Create()
    {
        var cmd = new Command("trace", "Read Xen traces: dump the records, or derive the study's Xen-side probe times.");
        cmd.Subcommands.Add(Dump());
        cmd.Subcommands.Add(Phases());
        return cmd;
    }

    private static Option<string> FormatOption() => new("--format")
    {
        Description = "Input format: xentrace (binary), xenalyze-text (xenalyze --dump-all output) or auto (binary if it starts with a CPU-change record).",
        DefaultValueFactory = _ => "auto",
    };

    private static Option<string> CpuHzOption() => new("--cpu-hz")
    {
        Description = $"Counter frequency for cycles -> ns (default {DefaultCpuHz}, a Pi 4's CNTFRQ; the TSC frequency on x86, e.g. 2.1GHz). For xenalyze text: the --cpu-hz xenalyze was run with.",
        DefaultValueFactory = _ => DefaultCpuHz,
    };

    private static Command Dump()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A xentrace binary file, or xenalyze --dump-all text." };
        var format = FormatOption();
        format.AcceptOnlyFromAmong("auto", "xentrace", "xenalyze-text");
        var hz = CpuHzOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON array of records and nothing else." };
        var cmd = new Command("dump", "Print a trace's records in time order (all CPUs merged), like xenalyze --dump-all, or as JSON.") { file, format, hz, json };
        cmd.SetAction(pr =>
        {
            var path = pr.GetValue(file)!;
            var cpuHz = CommandIo.ParseHz(pr.GetValue(hz)!, "--cpu-hz");
            try
            {
                var kind = Detect(path, pr.GetValue(format)!);
                var o = CommandIo.Out(pr);
                if (kind == "xentrace")
                {
                    var trace = XentraceReader.ReadFile(path.FullName);
                    if (pr.GetValue(json))
                    {
                        WriteJson(o, w => TraceDump.WriteJsonArray(w, trace.Records, cpuHz));
                    }
                    else
                    {
                        TraceDump.WriteText(o, trace.Records, cpuHz);
                    }
                }
                else
                {
                    var text = XenalyzeTextReader.ParseFile(path.FullName);
                    if (pr.GetValue(json)) WriteJson(o, w => XenalyzeJson(w, text.Lines, cpuHz));
                    else
                    {
                        foreach (var l in text.Lines)
                        {
                            var cur = l.CurrentDom is { } d ? $"d{d}v{l.CurrentVcpu}" : "d?v?";
                            o.WriteLine($" {TraceDump.FormatTime(XenalyzeTime.TrueNs(l.TimeNs, cpuHz))} {l.PcpuString} {cur} {l.EventText}");
                        }
                    }
                }

                return ExitCodes.Success;
            }
            catch (TraceFormatException e)
            {
                return CommandIo.BadInput(pr, $"{path.FullName}: {e.Message}");
            }
            catch (IOException e)
            {
                return CommandIo.BadInput(pr, $"{path.FullName}: {e.Message}");
            }
        });
        return cmd;
    }

    private static Command Phases()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "xentrace binary files (or xenalyze --dump-all text).", Arity = ArgumentArity.OneOrMore };
        var domain = new Option<int>("--domain") { Description = "Domain id whose pauses and unpauses to find.", Required = true };
        var format = FormatOption();
        format.AcceptOnlyFromAmong("auto", "xentrace", "xenalyze-text");
        var hz = CpuHzOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object and nothing else." };
        var cmd = new Command("phases", "Derive the study's Xen-side probe times of one domain (pause/unpause start, vCPU offline, vCPU running).")
        {
            files, domain, format, hz, json,
        };
        cmd.SetAction(pr =>
        {
            var cpuHz = CommandIo.ParseHz(pr.GetValue(hz)!, "--cpu-hz");
            var dom = pr.GetValue(domain);
            if (dom is < 0 or > 0x7fff) return CommandIo.BadInput(pr, $"--domain {dom} is not a domain id (0..32767)");
            var results = new List<(string File, XenProbeResult Result)>();
            foreach (var f in pr.GetValue(files)!)
            {
                try
                {
                    results.Add((f.FullName, Extract(f, pr.GetValue(format)!, dom, cpuHz)));
                }
                catch (TraceFormatException e)
                {
                    return CommandIo.BadInput(pr, $"{f.FullName}: {e.Message}");
                }
                catch (IOException e)
                {
                    return CommandIo.BadInput(pr, $"{f.FullName}: {e.Message}");
                }
            }

            var o = CommandIo.Out(pr);
            if (pr.GetValue(json)) WriteJson(o, w => PhasesJson(w, results, cpuHz));
            else PhasesText(o, results, cpuHz);
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>xentrace or xenalyze-text; auto looks for the 0x2001f003 CPU-change header xentrace starts with.</summary>
    public static string Detect(FileInfo file, string format)
    {
        if (format != "auto") return format;
        if (!file.Exists) throw new IOException("no such file");
        using var s = file.OpenRead();
        Span<byte> head = stackalloc byte[4];
        var n = s.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        return n == 4 && BitConverter.ToUInt32(head) == TraceEventIds.CpuChangeHeader ? "xentrace" : "xenalyze-text";
    }

    public static XenProbeResult Extract(FileInfo file, string format, int domain, ulong cpuHz)
    {
        if (Detect(file, format) == "xentrace") return XenProbeExtractor.Extract(XentraceReader.ReadFile(file.FullName).Records, domain);
        var text = XenalyzeTextReader.ParseFile(file.FullName);
        return XenProbeExtractor.Extract(text.Lines.Select(l => l.ToProbeEvent(cpuHz)).OfType<SchedProbeEvent>(), domain);
    }

    private static void WriteJson(TextWriter o, Action<Utf8JsonWriter> body) => JsonOutput.Write(o, body);

    private static void XenalyzeJson(Utf8JsonWriter w, IReadOnlyList<XenalyzeLine> lines, ulong cpuHz)
    {
        w.WriteStartArray();
        foreach (var l in lines)
        {
            w.WriteStartObject();
            w.WriteNumber("time_ns", XenalyzeTime.TrueNs(l.TimeNs, cpuHz));
            w.WriteNumber("cycles", XenalyzeTime.TicksFromXenalyzeNs(l.TimeNs, cpuHz));
            w.WriteNumber("cpu", l.Cpu);
            w.WriteNull("event");
            w.WriteString("name", Name(l));
            if (l.Dom is { } d) w.WriteNumber("dom", d);
            if (l.Vcpu is { } v) w.WriteNumber("vcpu", v);
            if (l.Old is { } old) w.WriteString("old", old.Name());
            if (l.New is { } @new) w.WriteString("new", @new.Name());
            w.WriteStartArray("extra");
            w.WriteEndArray();
            w.WriteString("text", l.EventText);
            w.WriteNumber("line", l.LineNumber);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string Name(XenalyzeLine l) => l.Kind switch
    {
        XenalyzeLineKind.RunstateChange => "runstate_change",
        XenalyzeLineKind.RunstateContinue => "runstate_continue",
        XenalyzeLineKind.VcpuSleep => "vcpu_sleep",
        XenalyzeLineKind.VcpuWake => "vcpu_wake",
        XenalyzeLineKind.VcpuBlock => "vcpu_block",
        XenalyzeLineKind.VcpuYield => "vcpu_yield",
        XenalyzeLineKind.SchedSwitch or XenalyzeLineKind.SwitchPrev or XenalyzeLineKind.SwitchNext or XenalyzeLineKind.SwitchContinue => "sched_switch",
        _ => l.EventText.Split(' ', 2)[0],
    };

    private static void PhasesJson(Utf8JsonWriter w, List<(string File, XenProbeResult Result)> results, ulong cpuHz)
    {
        w.WriteStartObject();
        w.WriteNumber("cpu_hz", cpuHz);
        w.WriteStartArray("files");
        foreach (var (file, r) in results)
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteNumber("domain", r.Domain);
            w.WriteStartArray("operations");
            foreach (var op in r.Operations)
            {
                w.WriteStartObject();
                w.WriteString("op", op.Op == XenOperationKind.Pause ? "pause" : "unpause");
                w.WriteNumber("xen_op_start", op.XenOpStartCycles);
                if (op.VcpuOfflineOrRunningCycles is { } end) w.WriteNumber(op.EndProbe, end);
                else w.WriteNull(op.EndProbe);
                if (op.DurationUs(cpuHz) is { } us) w.Number("duration_us", us, 3);
                else w.WriteNull("duration_us");
                w.WriteNumber("start_cpu", op.StartCpu);
                w.WriteString("start_event", op.StartEvent);
                w.WriteStartArray("vcpus");
                foreach (var v in op.Vcpus) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteStartArray("vcpus_without_end_record");
                foreach (var v in op.VcpusWithoutEndRecord) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteBoolean("complete", op.Complete);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warn in r.Warnings) w.WriteStringValue(warn);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void PhasesText(TextWriter o, List<(string File, XenProbeResult Result)> results, ulong cpuHz)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var (file, r) in results)
        {
            o.WriteLine($"# {file}: d{r.Domain}, {r.Operations.Count} operation(s), counter {cpuHz} Hz");
            o.WriteLine($"{"op",-8} {"xen_op_start",20} {"end probe",-13} {"end",20} {"us",12}  start");
            foreach (var op in r.Operations)
            {
                var us = op.DurationUs(cpuHz) is { } d ? d.ToString("F3", inv) : "-";
                var end = op.VcpuOfflineOrRunningCycles?.ToString(inv) ?? "-";
                var note = op.Complete ? "" : "  (incomplete: " + (op.VcpusWithoutEndRecord.Count > 0 ? $"no record for vCPU {string.Join(",", op.VcpusWithoutEndRecord)}" : "no end record") + ")";
                o.WriteLine($"{(op.Op == XenOperationKind.Pause ? "pause" : "unpause"),-8} {op.XenOpStartCycles,20} {op.EndProbe,-13} {end,20} {us,12}  {op.StartEvent} on cpu{op.StartCpu}{note}");
            }

            foreach (var w in r.Warnings) o.WriteLine($"warning: {w}");
        }
    }
}
