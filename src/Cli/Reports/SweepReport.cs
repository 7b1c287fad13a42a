using System.Globalization;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Reports.Figures;
using SweepTable = XenSwitchSim.Cli.Commands.SweepCommand.Table;

namespace XenSwitchSim.Cli.Reports;

/// <summary>
/// sweep's and sweep effects' report: the worst cells and the interaction shares as tables, the main effects as a
/// ranked bar chart and the two-way interactions as a heat map, on one response of the sweep's cells.
/// </summary>
public static class SweepReport
{
    /// <param name="response">A column of the sweep's CSV: mean_us, p99_us, p999_us or miss_prob.</param>
    /// <param name="log">Whether the analysis is on ln(response) (sweep effects --log).</param>
    public static ReportDocument Build(string title, ReportHeader header, SweepTable table, string response, bool log, int top)
    {
        var doc = new ReportDocument(title, header);
        var effects = table.Effects(response, log);
        var time = response != "miss_prob" && !log;
        var unit = log ? $"ln({response})" : time ? $"{response[..^3]} (ms)" : response;
        double Show(double v) => time ? v / 1000 : v;
        var infeasible = table.Rows.Count - table.Ok.Count;
        doc.Notes.Add($"{table.Rows.Count} cells: {table.Ok.Count} ran, {infeasible} infeasible (left out: the means are over the cells that ran" +
            (infeasible > 0 ? ", so the design is unbalanced and the shares approximate)." : ")."));
        foreach (var g in table.Rows.Where(r => r[Col(table, "status")] != "ok").GroupBy(r => r[Col(table, "reason")]))
            doc.Notes.Add($"infeasible: {g.Count()} cells: {g.Key}");

        doc.Add(WorstTable(table, top));
        if (effects.MainEffects.Count == 0)
        {
            doc.Notes.Add("Fewer than two cells ran: no effects to draw.");
            return doc;
        }

        doc.Add(Sweep.MainEffects(
            effects.MainEffects.Select(m => new Figures.MainEffect($"{m.Factor} ({m.Share.ToString("P0", CultureInfo.InvariantCulture)} of variance)", Show(m.Effect))).ToList(),
            unit, caption: $"Main effect of each parameter on {unit} over the {effects.Cells} cells that ran: the second level's mean minus the first's " +
                "(with more levels: the spread of the level means), averaged over the other parameters; largest first, orange up, blue down. " +
                "The share of the total variance is in each label."));

        var contrasts = Contrasts(table, response, log, effects.MainEffects.Select(m => m.Factor).ToList());
        if (contrasts.Count > 0)
        {
            doc.Add(Sweep.Interactions(contrasts.Select(c => new Figures.Interaction(c.A, c.B, Show(c.Value))).Where(c => double.IsFinite(c.Effect)).ToList(), unit,
                caption: $"Each cell: the interaction of two parameters on {unit}, m(a2,b2) - m(a2,b1) - m(a1,b2) + m(a1,b1) with the first (1) and last (2) level " +
                    "of each and m the mean over the other parameters: how much changing both adds beyond changing each alone. Red: more than the separate effects add up to; " +
                    "blue: less. Blank: a combination with no cell that ran. Which pairs interact beyond Monte Carlo noise is in the table below."));
        }
        doc.Add(new ReportTable($"Two-way interactions on {effects.Response}, largest share first: {effects.Rule}",
            ["pair", "share of variance", "p (vs Monte Carlo noise)", "interacts"],
            effects.Interactions.Take(15).Select(x => (IReadOnlyList<string>)[$"{x.A} x {x.B}", x.Share.ToString("P2", CultureInfo.InvariantCulture),
                double.IsFinite(x.P) ? x.P.ToString("G3", CultureInfo.InvariantCulture) : "-", x.Interacts ? "yes" : "no"]).ToList()));
        return doc;
    }

    /// <summary>The signed first/last-level interaction contrast of every pair of varying factors (NaN where a combination has no cell).</summary>
    public static IReadOnlyList<(string A, string B, double Value)> Contrasts(SweepTable table, string response, bool log, IReadOnlyList<string> factors)
    {
        var ok = table.Ok;
        var rc = Col(table, response);
        double Y(string[] row)
        {
            var y = row[rc].Length == 0 ? double.NaN : double.Parse(row[rc], CultureInfo.InvariantCulture);
            return log ? Math.Log(y) : y;
        }
        var idx = factors.ToDictionary(f => f, f => Col(table, f));
        var levels = factors.ToDictionary(f => f, f => ok.Select(r => r[idx[f]]).Distinct().ToList());
        var list = new List<(string, string, double)>();
        var order = table.Factors.Where(factors.Contains).ToList(); // the grid's order, so the matrix reads like the CSV
        for (var i = 0; i < order.Count; i++)
        {
            for (var j = i + 1; j < order.Count; j++)
            {
                string a = order[i], b = order[j];
                double M(string la, string lb)
                {
                    var ys = ok.Where(r => r[idx[a]] == la && r[idx[b]] == lb).Select(Y).Where(double.IsFinite).ToList();
                    return ys.Count == 0 ? double.NaN : ys.Average();
                }
                var (a1, a2, b1, b2) = (levels[a][0], levels[a][^1], levels[b][0], levels[b][^1]);
                list.Add((a, b, M(a2, b2) - M(a2, b1) - M(a1, b2) + M(a1, b1)));
            }
        }
        return list;
    }

    private static ReportTable WorstTable(SweepTable table, int top)
    {
        var factors = table.Factors;
        var first = factors.Select((_, i) => table.Rows.Count > 0 ? table.Rows[0][1 + i] : "").ToArray();
        string V(string[] r, string col) => r[Col(table, col)];
        double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
        var rows = table.Worst(top).Select((r, k) => (IReadOnlyList<string>)
        [
            (k + 1).ToString(CultureInfo.InvariantCulture), r[0],
            string.Join(" ", factors.Select((f, i) => (f, v: r[1 + i], i)).Where(x => x.v != first[x.i]).Select(x => $"{x.f}={x.v}")) is { Length: > 0 } c ? c : "(first levels)",
            Commands.TailOutput.Ms(D(V(r, "mean_us"))), Commands.TailOutput.Ms(D(V(r, "p99_us"))),
            Commands.TailOutput.P(D(V(r, "miss_prob"))), $"[{Commands.TailOutput.P(D(V(r, "miss_lower")))}, {Commands.TailOutput.P(D(V(r, "miss_upper")))}]",
        ]).ToList();
        return new ReportTable("Worst cells (by miss probability, then p99); parameters shown where they differ from the grid's first level",
            ["rank", "cell", "changes", "mean ms", "p99 ms", "miss prob", "95% interval"], rows);
    }

    private static int Col(SweepTable t, string name)
    {
        var i = Array.IndexOf(t.Header, name);
        if (i < 0) throw new ArgumentException($"the sweep has no column '{name}'", nameof(name));
        return i;
    }
}
