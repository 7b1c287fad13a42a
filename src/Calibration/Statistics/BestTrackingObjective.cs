using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace XenSwitchSim.Calibration.Statistics;

/// <summary>
/// Runs MathNet's Nelder-Mead and remembers the best point it ever evaluated. MathNet throws
/// MaximumIterationsException without the point it reached, and a failed run must still give the caller the best
/// value found (flagged as not converged) rather than nothing. Each minimisation is restarted once from its own
/// result with a fresh simplex: the standard guard against Nelder-Mead stalling on a collapsed simplex.
/// </summary>
internal static class NelderMead
{
    public readonly record struct Result(double[] Point, double Value, bool Converged, int Iterations);

    public static Result Minimise(Func<double[], double> f, double[] start, double[] step, double tolerance, int maxIterations)
    {
        double[] best = (double[])start.Clone();
        double bestValue = f(start);
        int evaluations = 0;
        double Wrapped(Vector<double> v)
        {
            var x = v.ToArray();
            double y = f(x);
            evaluations++;
            if (y < bestValue || (double.IsNaN(bestValue) && !double.IsNaN(y)))
            {
                bestValue = y;
                best = x;
            }

            return double.IsNaN(y) ? double.PositiveInfinity : y;
        }

        var objective = ObjectiveFunction.Value(Wrapped);
        var solver = new NelderMeadSimplex(tolerance, maxIterations);
        bool converged = true;
        int iterations = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            var x0 = Vector<double>.Build.DenseOfArray(pass == 0 ? start : best);
            var dx = Vector<double>.Build.DenseOfArray(pass == 0 ? step : step.Select(s => s / 4).ToArray());
            try
            {
                var r = solver.FindMinimum(objective, x0, dx);
                iterations += r.Iterations;
                converged &= r.ReasonForExit == ExitCondition.Converged;
            }
            catch (MaximumIterationsException)
            {
                iterations += maxIterations;
                converged = false;
            }
        }

        return new Result(best, bestValue, converged && double.IsFinite(bestValue), iterations);
    }
}
