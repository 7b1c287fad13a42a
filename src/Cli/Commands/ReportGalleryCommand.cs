using System.CommandLine;
using XenSwitchSim.Calibration.Statistics;
using XenSwitchSim.Cli.Common;
using XenSwitchSim.Cli.Reports;
using XenSwitchSim.Cli.Reports.Figures;

using Interaction = XenSwitchSim.Cli.Reports.Figures.Interaction;
using MainEffect = XenSwitchSim.Cli.Reports.Figures.MainEffect;

namespace XenSwitchSim.Cli.Commands;

/// <summary>
/// <c>report-gallery</c> (hidden, for developers): the calibration, sweep and validate builders on SYNTHETIC example
/// data, as a report and/or PNGs: what the docs' pictures of them are made from (the commands draw the same figures
/// from real results, which take a calibration, a sweep or measurements to make), and a quick look at a builder.
/// </summary>
public static class ReportGalleryCommand
{
    public static Command Create()
    {
        var reports = new ReportOptions();
        var cmd = new Command("report-gallery", "Developers: the calibration, sweep and validate figures on synthetic example data (--report, --png).") { Hidden = true };
        reports.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var request = reports.Prepare(pr);
            if (!request.Wanted)
            {
                Console.Error.WriteLine("xenswitchsim: report-gallery needs --report FILE.html and/or --png DIR");
                return ExitCodes.BadInput;
            }
            request.Write(Build(request.CommandLine), Console.Error);
            return ExitCodes.Success;
        });
        return cmd;
    }

    public static ReportDocument Build(string? commandLine = null)
    {
        var doc = new ReportDocument("xenswitchsim report gallery (synthetic example data)",
            new ReportHeader { Command = "report-gallery", Seed = 1, CommandLine = commandLine });
        doc.Notes.Add("Every number in this report is synthetic, made up to show what the figures look like. Do not read anything into it.");
        var rng = new Random(1);

        // calibration: the study's old-environment rows with made-up simulated values around them
        var study = ReferenceMatch.Study;
        var points = new List<CalibrationPoint>();
        foreach (var row in study?.OldRows ?? [])
        {
            foreach (var (op, m) in new[] { ("pause", row.Pause), ("unpause", row.Unpause) })
            {
                var se = m.StandardErrorOfMeanUs;
                var sim = m.MeanUs * (0.8 + 0.4 * rng.NextDouble());
                var spread = Math.Sqrt(m.SampleVarianceUs2) * (0.6 + rng.NextDouble());
                points.Add(new CalibrationPoint(row.Id, "old", op, m.MeanUs, m.MeanUs - 2 * se, m.MeanUs + 2 * se,
                    sim, Math.Max(0, sim - 2.6 * spread), sim + 2.6 * spread)
                { Agrees = Math.Abs(sim - m.MeanUs) <= Math.Max(0.1 * m.MeanUs, 2 * se) });
            }
        }
        doc.Add(CalibrationChart.Build(points, caption: "SYNTHETIC simulated values beside the study's measured rows (old environment): " +
            "black, the measured mean ± 2 SE; blue, a made-up simulated mean with its p0.5..p99.5 range for n draws; ✗ marks rows outside max(10%, 2 SE)."));

        // sweep
        string[] keys = ["dom0.cpu_load_procs", "dom0.net_load_mbps", "xl.policy", "xl.nice", "xen.scheduler", "domU.vcpus", "switch.mechanism"];
        double[] main = [38.0, 24.5, -9.2, -6.1, 4.4, 2.0, -11.8];
        doc.Add(Sweep.MainEffects(keys.Zip(main, (k, e) => new MainEffect(k, e, e - 1.5 - rng.NextDouble(), e + 1.5 + rng.NextDouble())).ToList(),
            "mean switch time (ms)", caption: "SYNTHETIC: main effects as `sweep effects` will report them, largest first, with intervals."));
        var inter = new List<Interaction>();
        for (var a = 0; a < keys.Length; a++)
            for (var b = a + 1; b < keys.Length; b++)
                inter.Add(new Interaction(keys[a], keys[b], Math.Round((rng.NextDouble() - 0.5) * 8 * (a == 0 ? 3 : 1), 1)));
        doc.Add(Sweep.Interactions(inter, "switch (ms)", caption: "SYNTHETIC: two-way interactions; red cells add up to more than their separate effects."));

        // validate
        var qq = new List<QqSeries>();
        var pits = new List<PitSeries>();
        foreach (var (name, median, sigma, bias) in new[] { ("baseline pause", 14000.0, 0.08, 1.0), ("dom0-cpu-load pause", 60000.0, 0.25, 1.15) })
        {
            var predicted = Draw(rng, 4000, median, sigma);
            var measured = Draw(rng, 50, median * bias, sigma * 1.2);
            qq.Add(new QqSeries(name, measured, predicted));
            pits.Add(new PitSeries(name, PredictiveCheck.PitHistogram(PredictiveCheck.Pit(measured, predicted))));
        }
        doc.Add(Validation.Qq(qq, caption: "SYNTHETIC: measured runs against predicted quantiles; the second scenario is made 15% slower than predicted."));
        doc.Add(Validation.Pit(pits, caption: "SYNTHETIC: PIT histograms; the biased scenario piles up at the right."));
        return doc;
    }

    private static double[] Draw(Random r, int n, double median, double sigma) =>
        Enumerable.Range(0, n).Select(_ =>
        {
            double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
            return median * Math.Exp(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }).ToArray();
}
