using System.Globalization;
using XenSwitchSim.Simulator.Measurement;

namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>A CPU held by one task or vCPU from <see cref="StartUs"/> to <see cref="EndUs"/> (times from the operation's origin).</summary>
public sealed record TimelineSpan(string Lane, double StartUs, double EndUs, string Holder);

/// <summary>An instant on a lane (a runstate change, a wake, a domctl); <see cref="Kind"/> groups marks in the legend.</summary>
public sealed record TimelineMark(string Lane, double AtUs, string Text, string Kind);

/// <summary>A probe's time (the dom0 stamp, the domU's samples, Xen's records, the true end), drawn across all lanes.</summary>
public sealed record TimelineProbe(double AtUs, string Label);

/// <summary>What one Gantt figure shows; <see cref="Lanes"/> top to bottom.</summary>
public sealed record TimelineData(string Title, IReadOnlyList<string> Lanes, IReadOnlyList<TimelineSpan> Spans,
    IReadOnlyList<TimelineMark> Marks, IReadOnlyList<TimelineProbe> Probes);

/// <summary>
/// The --trace-run timeline as a Gantt chart: one row per CPU (dom0's vCPUs with the Linux task each ran, Xen's pCPUs
/// with the vCPU each ran), the domctls, the runstate/wake marks, and the probes as vertical lines, so a user sees
/// what held the CPU while a switch waited.
/// </summary>
public static class Timeline
{
    public static ReportFigure Build(TimelineData data, string id, string? caption = null)
    {
        var f = new PlotlyFigure();
        var lanes = new List<string> { "probes" };
        lanes.AddRange(data.Lanes);
        Plot.Style(f, Math.Max(320, 140 + 42 * lanes.Count));
        var holders = data.Spans.Select(s => s.Holder).Distinct().ToList();
        for (var hi = 0; hi < holders.Count; hi++)
        {
            var spans = data.Spans.Where(s => s.Holder == holders[hi]).ToList();
            var name = Plot.Text(holders[hi]);
            f.Add("bar", ("name", name), ("orientation", "h"),
                ("y", spans.Select(s => Plot.Text(s.Lane)).ToArray()),
                ("base", spans.Select(s => s.StartUs / 1000).ToArray()),
                ("x", spans.Select(s => (s.EndUs - s.StartUs) / 1000).ToArray()),
                ("width", 0.6),
                ("marker", Plot.O(("color", Plot.Colour(hi)), ("line", Plot.O(("color", "#fff"), ("width", 0.5))))),
                ("customdata", spans.Select(s => new object[] { s.StartUs / 1000, s.EndUs / 1000 }).ToArray()),
                ("hovertemplate", name + " on %{y}<br>%{customdata[0]:.3f} → %{customdata[1]:.3f} ms (%{x:.3f} ms)<extra></extra>"));
        }
        var symbols = new[] { "line-ns-open", "triangle-up", "x", "circle-open", "star" };
        var kinds = data.Marks.Select(m => m.Kind).Distinct().ToList();
        for (var ki = 0; ki < kinds.Count; ki++)
        {
            var marks = data.Marks.Where(m => m.Kind == kinds[ki]).ToList();
            f.Add("scatter", ("name", Plot.Text(kinds[ki])), ("mode", "markers"),
                ("y", marks.Select(m => Plot.Text(m.Lane)).ToArray()),
                ("x", marks.Select(m => m.AtUs / 1000).ToArray()),
                ("text", marks.Select(m => Plot.Text(m.Text)).ToArray()),
                ("marker", Plot.O(("symbol", symbols[ki % symbols.Length]), ("size", kinds[ki] == "domctl" ? 14 : 9), ("color", "#222"),
                    ("line", Plot.O(("width", 1.5), ("color", "#222"))))),
                ("hovertemplate", "%{text}<br>%{x:.3f} ms<extra></extra>"));
        }
        var probeSymbols = new[] { "diamond", "square", "triangle-down", "circle", "star-diamond", "hexagon", "pentagon" };
        for (var pi = 0; pi < data.Probes.Count; pi++)
        {
            var p = data.Probes[pi];
            var colour = Plot.Colour(pi + 1);
            f.Add("scatter", ("name", Plot.Text(string.Create(CultureInfo.InvariantCulture, $"probe: {p.Label} ({p.AtUs / 1000:F3} ms)"))),
                ("mode", "markers"), ("x", new[] { p.AtUs / 1000 }), ("y", new[] { "probes" }),
                ("marker", Plot.O(("symbol", probeSymbols[pi % probeSymbols.Length]), ("size", 12), ("color", colour))),
                ("hovertemplate", Plot.Text(p.Label) + ": %{x:.3f} ms<extra></extra>"));
            f.AddShape(Plot.O(("type", "line"), ("xref", "x"), ("yref", "paper"), ("x0", p.AtUs / 1000), ("x1", p.AtUs / 1000),
                ("y0", 0), ("y1", 1), ("layer", "below"), ("line", Plot.O(("color", colour), ("width", 1), ("dash", "dot")))));
        }
        f.Layout["barmode"] = "overlay";
        f.Layout["xaxis"] = Plot.Axis("time from dom0's decision (ms)", zeroline: true);
        var yaxis = Plot.Axis("");
        yaxis["type"] = "category";
        yaxis["categoryorder"] = "array";
        yaxis["categoryarray"] = lanes.Select(Plot.Text).ToArray();
        yaxis["autorange"] = "reversed";
        f.Layout["yaxis"] = yaxis;
        // The legend sits at the bottom of the whole figure (container coordinates), in a margin sized for its rows
        // (about 3 entries a row at report width), so it never covers the time axis's title.
        var legendRows = (holders.Count + kinds.Count + data.Probes.Count + 2) / 3;
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("yref", "container"), ("y", 0), ("yanchor", "bottom"), ("font", Plot.O(("size", 10))));
        f.Layout["margin"] = Plot.O(("l", 90), ("r", 20), ("t", 30), ("b", 70 + 20 * legendRows));
        f.Layout["height"] = (int)f.Layout["height"]! + 20 * legendRows;
        return new ReportFigure(id, data.Title, caption ??
            "Each row is a CPU: dom0's vCPUs show the Linux task that ran (xl, xenstored, the spawner, load), Xen's pCPUs the vCPU that ran " +
            "(dNvM = domain N, vCPU M). Marks: runstate changes, wakes and sleeps, and the pause/unpause domctl entering Xen. " +
            "Dotted vertical lines: the probes. Zoom in (drag) to see the microsecond steps.", f) { PngWidth = 1200 };
    }

    /// <summary>
    /// The Gantt data of a recorded board between two simulated times, relative to <paramref name="originNs"/>: a
    /// lane's holder runs from its handover to the lane's next handover (idle is not drawn).
    /// </summary>
    public static TimelineData FromRecorder(string title, IReadOnlyList<TimelineEvent> events, long fromNs, long toNs, long originNs,
        IEnumerable<(string Label, long Ns)> probes)
    {
        double Us(long ns) => (ns - originNs) / 1000.0;
        var lanes = events.Select(e => e.Lane).Distinct()
            .OrderBy(l => l == "domctl" ? 0 : l.StartsWith("dom0", StringComparison.Ordinal) ? 1 : 2)
            .ThenBy(l => l, StringComparer.Ordinal).ToList();
        var spans = new List<TimelineSpan>();
        foreach (var lane in lanes)
        {
            var handovers = events.Where(e => e.Lane == lane && e.Kind == TimelineEventKind.Handover).OrderBy(e => e.Ns).ToList();
            string? holder = null;
            long since = fromNs;
            foreach (var h in handovers)
            {
                if (h.Ns > toNs) break;
                if (h.Ns > fromNs && holder is not null && h.Ns > since) spans.Add(new(lane, Us(since), Us(h.Ns), holder));
                holder = h.Holder;
                since = Math.Max(h.Ns, fromNs);
            }
            if (holder is not null && toNs > since) spans.Add(new(lane, Us(since), Us(toNs), holder));
        }
        var marks = events.Where(e => e.Kind != TimelineEventKind.Handover && e.Ns >= fromNs && e.Ns <= toNs)
            .Select(e => new TimelineMark(e.Lane, Us(e.Ns), e.What, e.Kind switch
            {
                TimelineEventKind.Domctl => "domctl",
                TimelineEventKind.Runstate => "runstate change",
                _ => "vcpu wake/sleep",
            })).ToList();
        var probeList = probes.Where(p => p.Ns >= 0).Select(p => new TimelineProbe(Us(p.Ns), p.Label)).ToList();
        // A dom0 task can only run while its dom0 vCPU runs on some pCPU: clip the Linux lanes to those times
        // (Linux does not see its vCPU blocked in Xen, so its own record would show the task holding the CPU).
        var vcpuRunning = spans.Where(s => s.Lane.StartsWith("xen", StringComparison.Ordinal)).GroupBy(s => s.Holder)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartUs).ToList());
        var clipped = new List<TimelineSpan>();
        foreach (var s in spans)
        {
            if (!s.Lane.StartsWith("dom0 cpu", StringComparison.Ordinal) || vcpuRunning.Count == 0) { clipped.Add(s); continue; }
            var vcpu = "d0v" + s.Lane["dom0 cpu".Length..];
            if (!vcpuRunning.TryGetValue(vcpu, out var runs)) continue;
            foreach (var r in runs)
            {
                double a = Math.Max(s.StartUs, r.StartUs), b = Math.Min(s.EndUs, r.EndUs);
                if (b > a) clipped.Add(s with { StartUs = a, EndUs = b });
            }
        }
        spans = clipped;
        var shownLanes = lanes.Where(l => spans.Any(s => s.Lane == l) || marks.Any(m => m.Lane == l)).ToList();
        return new TimelineData(title, shownLanes, spans, marks, probeList);
    }
}
