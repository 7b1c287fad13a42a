using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using XenSwitchSim.Simulator.Engine;

namespace XenSwitchSim.Calibration.Fitting;

/// <summary>
/// Budgeted, deterministic minimisation in a box: a Latin-hypercube global stage, then MathNet's
/// Nelder-Mead from the best few points, each stopped after a fixed number of evaluations (not
/// wall time, so a given seed gives the same result on any machine, loaded or not).
/// </summary>
public static class Optimiser
{
    public sealed record Point(double[] X, double Value);

    private sealed class BudgetExhausted : Exception;

    /// <summary>Latin hypercube of <paramref name="count"/> points in [lo, hi] per dimension, the centre first.</summary>
    public static List<double[]> LatinHypercube(double[] centre, double[] lo, double[] hi, int count, ulong seed)
    {
        var d = centre.Length;
        var rng = RandomStream.For(seed, 0, "calibration/latin-hypercube");
        var columns = new int[d][];
        for (var j = 0; j < d; j++)
        {
            columns[j] = [.. Enumerable.Range(0, count)];
            for (var i = count - 1; i > 0; i--)
            {
                var k = (int)rng.NextLong(i + 1);
                (columns[j][i], columns[j][k]) = (columns[j][k], columns[j][i]);
            }
        }
        var points = new List<double[]> { (double[])centre.Clone() };
        for (var i = 0; i < count; i++)
        {
            var x = new double[d];
            for (var j = 0; j < d; j++) x[j] = lo[j] + (hi[j] - lo[j]) * (columns[j][i] + rng.NextDouble()) / count;
            points.Add(x);
        }
        return points;
    }

    /// <summary>
    /// Nelder-Mead from <paramref name="start"/> with initial steps <paramref name="step"/>, at most
    /// <paramref name="maxEvaluations"/> evaluations; the point is clamped into the box before each
    /// evaluation. Returns the best point evaluated.
    /// </summary>
    public static Point NelderMead(Func<double[], double> f, double[] start, double[] step, Func<double[], double[]> clamp, int maxEvaluations)
    {
        var best = new Point(clamp(start), double.PositiveInfinity);
        var used = 0;
        double Wrapped(Vector<double> v)
        {
            if (used >= maxEvaluations) throw new BudgetExhausted();
            used++;
            var x = clamp(v.ToArray());
            var y = f(x);
            if (!double.IsFinite(y)) y = 1e12;
            // Outside the box: the clamped point's value plus a penalty on the distance, so the simplex comes back.
            var outside = 0.0;
            var raw = v.ToArray();
            for (var i = 0; i < raw.Length; i++) outside += Math.Abs(raw[i] - x[i]);
            if (y < best.Value) best = new Point(x, y);
            return y + 100 * outside;
        }

        var objective = ObjectiveFunction.Value(Wrapped);
        for (var pass = 0; pass < 3 && used < maxEvaluations; pass++)
        {
            var x0 = Vector<double>.Build.DenseOfArray(pass == 0 ? best.X : best.X);
            var dx = Vector<double>.Build.DenseOfArray([.. step.Select(s => s / (1 << (2 * pass)))]);
            try
            {
                new NelderMeadSimplex(1e-4, int.MaxValue / 2).FindMinimum(objective, x0, dx);
            }
            catch (BudgetExhausted)
            {
                break;
            }
            catch (MaximumIterationsException)
            {
            }
        }
        return best;
    }
}
