namespace XenSwitchSim.Calibration.Fitting;

/// <summary>Settings of one calibration.</summary>
public sealed record CalibrationOptions
{
    public ulong Seed { get; init; } = 20210301;

    /// <summary>The evaluation budget, set from --budget-minutes at a fixed rate (not measured time: deterministic).</summary>
    public int GlobalPoints { get; init; } = 60;
    public int LocalStarts { get; init; } = 3;
    public int LocalEvaluations { get; init; } = 120;
    public int PolishEvaluations { get; init; } = 80;
    public int ReadingEvaluations { get; init; } = 40;
    public int CrossValidationEvaluations { get; init; } = 30;

    /// <summary>Evaluations of the card-stall stage (<see cref="Calibrator"/> step 3b), over its starts.</summary>
    public int StallEvaluations { get; init; } = 60;
    public Effort Global { get; init; } = new(30, 1, 5_000);
    public Effort Search { get; init; } = Effort.Search;
    public Effort Curvature { get; init; } = new(150, 2, 50_000);
    public Effort Final { get; init; } = Effort.Final;
    public bool CrossValidate { get; init; }
    public int Threads { get; init; }

    /// <summary>
    /// Evaluation counts from a budget in minutes at a nominal rate of about 400 search evaluations
    /// a minute on two free cores (60 runs x 12 rows); the result depends only on the seed and the
    /// budget, never on how busy the machine is.
    /// </summary>
    public static CalibrationOptions ForBudget(double minutes, ulong seed, bool crossValidate, int threads)
    {
        var evals = Math.Max(20, (int)(minutes * 400));
        return new CalibrationOptions
        {
            Seed = seed,
            GlobalPoints = Math.Max(8, evals / 4),
            LocalStarts = evals >= 120 ? 3 : evals >= 60 ? 2 : 1,
            LocalEvaluations = Math.Max(10, evals * 2 / 5 / (evals >= 120 ? 3 : evals >= 60 ? 2 : 1)),
            PolishEvaluations = Math.Max(10, evals / 5),
            ReadingEvaluations = Math.Max(6, evals / 20),
            CrossValidationEvaluations = Math.Max(6, evals / 25),
            StallEvaluations = Math.Max(12, evals / 10),
            CrossValidate = crossValidate,
            Threads = threads,
        };
    }

    /// <summary>A tiny budget for tests and --quick.</summary>
    public static CalibrationOptions Quick(ulong seed, bool crossValidate, int threads) => new()
    {
        Seed = seed,
        GlobalPoints = 8,
        LocalStarts = 1,
        LocalEvaluations = 16,
        PolishEvaluations = 0,
        ReadingEvaluations = 4,
        CrossValidationEvaluations = 4,
        StallEvaluations = 6,
        Global = new(12, 1, 2_000),
        Search = new(20, 1, 5_000),
        Curvature = new(24, 1, 5_000),
        Final = new(80, 1, 20_000),
        CrossValidate = crossValidate,
        Threads = threads,
    };
}

/// <summary>A fitted parameter with its curvature-based uncertainty (log space).</summary>
public sealed record FittedParameter(FreeParameter Free, double Value, double LogSd)
{
    public double Sd => Value * LogSd;
    public double Lower => Math.Max(Free.Lower, Value * Math.Exp(-1.96 * LogSd));
    public double Upper => Math.Min(Free.Upper, Value * Math.Exp(1.96 * LogSd));
}

/// <summary>Both readings of an ambiguous row at their own refitted optimum.</summary>
public sealed record ReadingComparison(string RowKey, double PrimaryObjective, double AlternativeObjective,
    SimulatedRow Primary, SimulatedRow Alternative, double PrimaryRowTerms, double AlternativeRowTerms);

/// <summary>A left-out row's prediction by the model refitted without it.</summary>
public sealed record CrossValidationResult(RowTarget Row, SimulatedRow Predicted, IReadOnlyList<string> ResetToPrior);

public sealed record CalibrationResult(
    CalibrationOptions Options,
    double[] Best,
    IReadOnlyList<FittedParameter> Parameters,
    Evaluation Final,
    Evaluation AtPriors,
    IReadOnlyList<ReadingComparison> Readings,
    IReadOnlyList<CrossValidationResult>? CrossValidation,
    int Evaluations,
    TimeSpan Elapsed);

/// <summary>
/// The calibration pipeline: a coarse global stage over the priors' neighbourhood, Nelder-Mead
/// from the best few, a polish, both readings of the ambiguous rows, curvature uncertainties,
/// an evaluation with many runs, and optionally leave-one-row-out cross-validation.
/// </summary>
public sealed class Calibrator(ParameterSpace space, CalibrationData data, CalibrationOptions options)
{
    /// <summary>Reports (stage, evaluations done, evaluations planned).</summary>
    public Action<string, int, int>? Progress { get; set; }

    public int PlannedEvaluations =>
        options.GlobalPoints + 1 + options.LocalStarts * options.LocalEvaluations + options.PolishEvaluations
        + CardStallStage.PlannedEvaluations(space, options.StallEvaluations)
        + ReclaimStage.PlannedEvaluations(space, options.StallEvaluations)
        + data.AlternativeReadings.Count * (options.ReadingEvaluations + 2) + 2 * space.Dimension + 2
        + (options.CrossValidate ? data.Rows.Count * (options.CrossValidationEvaluations + 1) : 0);

    private int _done;
    private string _stage = "";

    private void Tick() => Progress?.Invoke(_stage, ++_done, PlannedEvaluations);

    public CalibrationResult Run(CancellationToken cancel = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ev = new Evaluator(space, data, options.Seed, options.Threads);
        double F(double[] x, Effort e, CalibrationData? d = null)
        {
            cancel.ThrowIfCancellationRequested();
            var v = ev.Evaluate(x, e, d, cancel).Total;
            Tick();
            return v;
        }

        var prior = space.PriorPoint();
        // A factor of 3 around the priors, except the SD-card stall mechanism, whose priors are
        // guesses (no measurement of the card): its global stage spans a factor of 30.
        double Span(FreeParameter f) => f.Mechanism.StartsWith("sd_stall_", StringComparison.Ordinal) ? Math.Log(30) : Math.Log(3);
        // The reclaim mechanism is held at its priors until its own stage (see ReclaimStage).
        var held = ReclaimStage.Indices(space);
        var moving = Enumerable.Range(0, space.Dimension).Where(i => !held.Contains(i)).ToArray();
        var lo = space.Free.Select((f, i) => held.Contains(i) ? f.LogPrior : Math.Max(f.LogLower, f.LogPrior - Span(f))).ToArray();
        var hi = space.Free.Select((f, i) => held.Contains(i) ? f.LogPrior : Math.Min(f.LogUpper, f.LogPrior + Span(f))).ToArray();
        double[] Embed(double[] y, double[] from)
        {
            var x = (double[])from.Clone();
            for (var k = 0; k < moving.Length; k++) x[moving[k]] = y[k];
            return space.Clamp(x);
        }
        double[] Project(double[] x) => [.. moving.Select(i => x[i])];

        // 1. Global: a Latin hypercube within a factor of 3 of the priors, with few runs.
        _stage = "global";
        var candidates = Optimiser.LatinHypercube(prior, lo, hi, options.GlobalPoints, options.Seed)
            .Select(x => new Optimiser.Point(x, F(x, options.Global))).OrderBy(p => p.Value).ToList();

        // 2. Local: Nelder-Mead from the best few, with the search effort.
        _stage = "local";
        var step = space.Free.Select(_ => 0.3).ToArray();
        var locals = candidates.Take(options.LocalStarts)
            .Select(c =>
            {
                var y = Optimiser.NelderMead(y => F(Embed(y, c.X), options.Search), Project(c.X), [.. moving.Select(_ => 0.3)],
                    y => Project(Embed(y, c.X)), options.LocalEvaluations);
                return new Optimiser.Point(Embed(y.X, c.X), y.Value);
            })
            .OrderBy(p => p.Value).ToList();
        var best = locals.Count > 0 ? locals[0] : candidates[0];

        // 3. The card-stall mechanism in the coordinates the data see (see CardStallStage), then a
        // polish of everything with smaller steps, so the other mechanisms can follow the stalls.
        _stage = "card stalls";
        best = CardStallStage.Refit(space, best, x => F(x, options.Search), options.StallEvaluations);
        _stage = "reclaim";
        best = ReclaimStage.Refit(space, best, x => F(x, options.Search), options.StallEvaluations);
        _stage = "polish";
        if (options.PolishEvaluations > 0)
        {
            var polished = Optimiser.NelderMead(x => F(x, options.Search), best.X, [.. step.Select(s => s / 3)], space.Clamp, options.PolishEvaluations);
            if (polished.Value < best.Value) best = polished;
        }

        // 4. Both readings of the ambiguous rows, each refitted from the optimum.
        _stage = "readings";
        var readings = new List<ReadingComparison>();
        foreach (var (key, alt) in data.AlternativeReadings)
        {
            var altData = data.WithReading(key, alt);
            var altFit = Optimiser.NelderMead(x => F(x, options.Search, altData), best.X, [.. step.Select(s => s / 3)], space.Clamp, options.ReadingEvaluations);
            var ePrimary = ev.Evaluate(best.X, options.Curvature, data, cancel);
            Tick();
            var eAlt = ev.Evaluate(altFit.X, options.Curvature, altData, cancel);
            Tick();
            readings.Add(new ReadingComparison(key, ePrimary.Total, eAlt.Total,
                ePrimary.Rows.First(r => r.Row.Key == key), eAlt.Rows.First(r => r.Row.Key == key),
                ePrimary.RowTotal(key), eAlt.RowTotal(key)));
        }

        // 5. Curvature of the objective along each parameter (log space), at the curvature effort.
        _stage = "uncertainty";
        var (sds, perRowSensitivity) = Curvature(ev, best.X, cancel);
        var parameters = space.Free.Select((f, i) => new FittedParameter(f, Math.Exp(best.X[i]), sds[i])).ToList();

        // 6. The final check with many runs, and the priors for comparison.
        _stage = "final";
        var final = ev.Evaluate(best.X, options.Final, null, cancel);
        Tick();
        var atPriors = ev.Evaluate(prior, options.Curvature, null, cancel);
        Tick();

        // 7. Leave one row out.
        List<CrossValidationResult>? cv = null;
        if (options.CrossValidate)
        {
            _stage = "cross-validation";
            cv = [];
            foreach (var row in data.Rows)
            {
                var without = data.Without(row.Key);
                // A parameter that owes most of its information to the left-out row would keep the
                // full fit's value (nothing else moves it): that leaks the row. Reset it to its prior.
                var start = (double[])best.X.Clone();
                var reset = new List<string>();
                for (var i = 0; i < space.Dimension; i++)
                {
                    var total = perRowSensitivity[i].Values.Sum();
                    var share = total > 0 && perRowSensitivity[i].TryGetValue(row.Key, out var s) ? s / total : 0;
                    if (share > 0.5)
                    {
                        start[i] = space.Free[i].LogPrior;
                        reset.Add(space.Free[i].Label);
                    }
                }
                var refit = Optimiser.NelderMead(x => F(x, options.Search, without), start, [.. step.Select(s => s / 3)], space.Clamp, options.CrossValidationEvaluations);
                var predicted = ev.SimulateRows(refit.X, [row], options.Curvature.RunsPerRow, cancel)[0];
                Tick();
                cv.Add(new CrossValidationResult(row, predicted, reset));
            }
        }

        return new CalibrationResult(options, best.X, parameters, final, atPriors, readings, cv, ev.Evaluations, clock.Elapsed);
    }

    /// <summary>
    /// sd of each log parameter from the objective's second difference at +-h (the objective is a
    /// sum of squared z, about -2 log likelihood, so sd = sqrt(2 / f'')), holding the others at the
    /// optimum: a conditional (profile-free) estimate that ignores correlations, so it is a lower
    /// bound on the marginal uncertainty. Also each row's share of each parameter's sensitivity.
    /// </summary>
    private (double[] Sd, Dictionary<string, double>[] PerRow) Curvature(Evaluator ev, double[] x, CancellationToken cancel)
    {
        const double h = 0.15;
        var centre = ev.Evaluate(x, options.Curvature, null, cancel);
        var sds = new double[space.Dimension];
        var perRow = new Dictionary<string, double>[space.Dimension];
        for (var i = 0; i < space.Dimension; i++)
        {
            var xp = (double[])x.Clone();
            var xm = (double[])x.Clone();
            xp[i] = Math.Min(space.Free[i].LogUpper, x[i] + h);
            xm[i] = Math.Max(space.Free[i].LogLower, x[i] - h);
            var ep = ev.Evaluate(xp, options.Curvature, null, cancel);
            Tick();
            var em = ev.Evaluate(xm, options.Curvature, null, cancel);
            Tick();
            var hp = xp[i] - x[i];
            var hm = x[i] - xm[i];
            double second;
            if (hp > 0 && hm > 0)
                second = 2 * ((ep.Total - centre.Total) / hp + (em.Total - centre.Total) / hm) / (hp + hm);
            else
                second = double.NaN;
            var span = space.Free[i].LogUpper - space.Free[i].LogLower;
            sds[i] = second > 1e-9 ? Math.Min(span / 2, Math.Sqrt(2 / second)) : span / 2;
            var keys = centre.Terms.Select(t => t.Row).Distinct();
            perRow[i] = keys.ToDictionary(k => k, k =>
                Math.Abs(ep.RowTotal(k) - centre.RowTotal(k)) + Math.Abs(em.RowTotal(k) - centre.RowTotal(k)));
        }
        return (sds, perRow);
    }
}
