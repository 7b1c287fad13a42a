namespace XenSwitchSim.Cli.Reports.Figures;

/// <summary>
/// One stacked bar: the mean of each phase (us, in time order) of one operation ("pause", "unpause") of one
/// scenario from one source ("simulated", "measured (study, Xen 4.13, n=5)").
/// </summary>
public sealed record PhaseBar(string Scenario, string Source, string Operation, IReadOnlyList<(string Phase, double MeanUs)> Phases);

/// <summary>
/// Stacked phase bars (the study's Tables 6, 7, 9, 10 as a picture): one panel per operation, one bar per scenario
/// and source, simulated beside measured; each phase coloured by where the time goes (xl in dom0, the domU's
/// sampler, Xen).
/// </summary>
public static class PhaseBars
{
    /// <summary>The study's phases: what they time, and whose time it is.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string Owner)> Known = new Dictionary<string, (string, string)>
    {
        ["xl_to_domu_last_sample"] = ("xl → domU's last sample", "xl"),
        ["domu_last_sample_to_xen"] = ("domU's last sample → Xen starts", "domU"),
        ["xen_to_vcpu_paused"] = ("Xen starts → vCPU paused", "Xen"),
        ["xl_to_xen"] = ("xl → Xen starts", "xl"),
        ["xen_to_vcpu_running"] = ("Xen starts → vCPU running", "Xen"),
        ["vcpu_running_to_domu_sample"] = ("vCPU running → domU's first sample", "domU"),
    };

    private static readonly Dictionary<string, string[]> OwnerColours = new()
    {
        ["xl"] = ["#0072B2", "#56B4E9"],
        ["domU"] = ["#E69F00", "#F0C060"],
        ["Xen"] = ["#009E73", "#66C2A5"],
    };

    /// <summary>A source label broken after its first word or before its parenthesis, so it fits under a bar.</summary>
    private static string Label(string source)
    {
        var t = Plot.Text(source);
        var i = t.IndexOf(" (", StringComparison.Ordinal);
        return i > 0 ? t[..i] + "<br>" + t[(i + 1)..] : t;
    }

    public static ReportFigure Build(IReadOnlyList<PhaseBar> bars, string id = "phases", string? caption = null)
    {
        var f = new PlotlyFigure();
        Plot.Style(f, 520);
        var operations = bars.Select(b => b.Operation).Distinct().ToList();
        var gap = 0.08;
        var width = (1.0 - gap * (operations.Count - 1)) / Math.Max(1, operations.Count);
        var legendShown = new HashSet<string>();
        // One scenario: a bar per source; several: scenario and source as a two-level (multicategory) axis.
        var single = bars.Select(b => b.Scenario).Distinct().Count() <= 1;
        object XOf(IReadOnlyList<PhaseBar> bs) => single
            ? bs.Select(b => Label(b.Source)).ToArray()
            : new object[] { bs.Select(b => Plot.Text(b.Scenario)).ToArray(), bs.Select(b => Label(b.Source)).ToArray() };
        for (var oi = 0; oi < operations.Count; oi++)
        {
            var op = operations[oi];
            var suffix = oi == 0 ? "" : (oi + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var opBars = bars.Where(b => b.Operation == op).ToList();
            var phases = opBars.SelectMany(b => b.Phases.Select(p => p.Phase)).Distinct().ToList();
            for (var pi = 0; pi < phases.Count; pi++)
            {
                var phase = phases[pi];
                var (label, owner) = Known.TryGetValue(phase, out var k) ? k : (phase, "");
                var colour = OwnerColours.TryGetValue(owner, out var cs) ? cs[oi % 2] : Plot.Colour(pi + 4);
                var withPhase = opBars.Where(b => b.Phases.Any(p => p.Phase == phase)).ToList();
                var name = owner.Length > 0 ? $"{op}: {label} ({owner})" : $"{op}: {label}";
                f.Add("bar",
                    ("name", Plot.Text(name)),
                    ("x", XOf(withPhase)),
                    ("y", withPhase.Select(b => b.Phases.First(p => p.Phase == phase).MeanUs / 1000).ToArray()),
                    ("xaxis", "x" + suffix), ("yaxis", "y" + suffix),
                    ("marker", Plot.O(("color", colour), ("line", Plot.O(("color", "#fff"), ("width", 1))))),
                    ("hovertemplate", Plot.Text(phase) + ": %{y:.3f} ms<extra>%{x}</extra>"),
                    ("showlegend", legendShown.Add(name)));
            }
            var domainStart = oi * (width + gap);
            var xaxis = Plot.Axis("");
            xaxis["domain"] = new[] { domainStart, domainStart + width };
            xaxis["type"] = single ? "category" : "multicategory";
            xaxis["tickangle"] = 0;
            xaxis["anchor"] = "y" + suffix;
            f.Layout["xaxis" + suffix] = xaxis;
            var yaxis = Plot.Axis($"{op}: mean time (ms)");
            yaxis["anchor"] = "x" + suffix;
            yaxis["rangemode"] = "tozero";
            f.Layout["yaxis" + suffix] = yaxis;
            f.AddAnnotation(Plot.O(("text", $"<b>{Plot.Text(op)}</b>"), ("xref", "paper"), ("yref", "paper"), ("x", domainStart + width / 2),
                ("y", 1.0), ("yanchor", "bottom"), ("showarrow", false)));
        }
        f.Layout["barmode"] = "stack";
        f.Layout["legend"] = Plot.O(("orientation", "h"), ("y", -0.2), ("yanchor", "top"));
        f.Layout["margin"] = Plot.O(("l", 70), ("r", 20), ("t", 40), ("b", 40));
        f.Layout["height"] = single ? 560 : 620;
        return new ReportFigure(id, "Where the time goes: phase means, simulated beside measured",
            caption ?? "Stacked means of the study's phases (observed view). Blue: xl in dom0 until its request reaches Xen or the domU stops sampling; " +
            "orange: the domU's sampler (last sample before the pause, first after the unpause); green: Xen's own work on the vCPU. " +
            "Measured bars come from the study's Tables 6, 7, 9 and 10 for the matching scenario.", f);
    }
}
