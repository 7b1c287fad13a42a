using System.Globalization;
using System.Text;

namespace XenSwitchSim.Calibration.Measurements;

/// <summary>
/// Writes a measurement set directory (meta.yaml, runs.csv, raw/). Each file goes through a
/// temporary sibling and a rename, so an interrupted write never leaves half a file.
/// </summary>
public static class MeasurementSetWriter
{
    public static void Write(string directory, MeasurementMeta meta, IEnumerable<MeasurementRun> runs)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(Path.Combine(directory, MeasurementSetReader.RawDir));
        WriteAtomic(Path.Combine(directory, MeasurementSetReader.MetaFile), MetaText(meta));
        WriteAtomic(Path.Combine(directory, MeasurementSetReader.RunsFile), RunsText(runs));
    }

    /// <summary>Writes or rewrites runs.csv alone (the recorder appends as it goes).</summary>
    public static void WriteRuns(string directory, IEnumerable<MeasurementRun> runs) =>
        WriteAtomic(Path.Combine(directory, MeasurementSetReader.RunsFile), RunsText(runs));

    public static void WriteMeta(string directory, MeasurementMeta meta) =>
        WriteAtomic(Path.Combine(directory, MeasurementSetReader.MetaFile), MetaText(meta));

    public static string MetaText(MeasurementMeta m)
    {
        var sb = new StringBuilder();
        void Line(string key, string? value)
        {
            if (value is not null) sb.Append(key).Append(": ").Append(Quote(value)).Append('\n');
        }

        sb.Append("# XenSwitchSim measurement set: runs.csv holds raw counter ticks of every probe on one timeline\n");
        sb.Append("# (the physical counter of Xen's trace), empty where a probe was off. See docs/hardware.md.\n");
        Line("format", MeasurementMeta.FormatTag);
        Line("name", m.Name);
        Line("source", m.Source);
        Line("host", m.Host);
        Line("xen_version", m.XenVersion);
        Line("scheduler", m.Scheduler);
        sb.Append("pcpus: ").Append(m.Pcpus.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line("arch", m.Arch);
        sb.Append("counter_hz: ").Append(m.CounterHz.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        Line("mechanism", m.Mechanism);
        Line("tool_version", m.ToolVersion);
        Line("date", m.Date);
        Line("domain", m.Domain);
        Line("standby", m.Standby);
        Line("model", m.Model);
        Line("model_sha256", m.ModelSha256);
        if (m.Seed is { } seed) sb.Append("seed: ").Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("parameters:\n");
        foreach (var (k, v) in m.Parameters.ToDictionary())
        {
            sb.Append("  ").Append(k).Append(": ").Append(Quote(v)).Append('\n');
        }

        if (m.Alignment.Count > 0)
        {
            sb.Append("alignment:\n");
            foreach (var (k, v) in m.Alignment)
            {
                sb.Append("  ").Append(k).Append(": ").Append(Quote(v)).Append('\n');
            }
        }

        Line("notes", m.Notes);
        return sb.ToString();
    }

    public static string RunsText(IEnumerable<MeasurementRun> runs)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', MeasurementRun.Columns)).Append('\n');
        foreach (var r in runs)
        {
            sb.Append(r.Run.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.Op.Name());
            foreach (var p in r.Probes)
            {
                sb.Append(',');
                if (p is { } t) sb.Append(t.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static void WriteAtomic(string path, string text)
    {
        var tmp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(tmp, text, new UTF8Encoding(false));
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
