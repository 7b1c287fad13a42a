namespace XenSwitchSim.Simulator.Experiments;

/// <summary>
/// Runs independent replications on all cores. Each replication builds its own simulation and
/// draws from its own streams (seed, replication index, source), and its result lands in the
/// slot of its index, so the output is identical whatever the thread count or the order in
/// which threads pick up work.
/// </summary>
public static class ReplicationRunner
{
    public static T[] Run<T>(int replications, Func<int, T> replicate, int threads = 0,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replications);
        var results = new T[replications];
        var degree = threads > 0 ? threads : Environment.ProcessorCount;
        var done = 0;
        if (degree == 1)
        {
            for (var i = 0; i < replications; i++)
            {
                cancel.ThrowIfCancellationRequested();
                results[i] = replicate(i);
                progress?.Report(++done);
            }
            return results;
        }
        // Chunks of consecutive replications keep per-item scheduling overhead negligible.
        var chunk = Math.Max(1, Math.Min(256, replications / (degree * 8)));
        var chunks = (replications + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancel }, c =>
        {
            var end = Math.Min(replications, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++) results[i] = replicate(i);
            var total = Interlocked.Add(ref done, end - c * chunk);
            progress?.Report(total);
        });
        return results;
    }
}
