using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Recording;

/// <summary>
/// Puts every touched domain back as it was found. Pauses nest in Xen (a counter per domain), so the
/// guard counts the pauses and unpauses the harness issued and undoes exactly those: one unpause per
/// pause it made, one pause per unpause. An operation that timed out may or may not have taken
/// effect; for those the guard looks at the domain's state and undoes at most one more. It never
/// unpauses a domain beyond its own pauses, so a pause made by someone else stays.
/// </summary>
public sealed class StateGuard(IDomainOperations ops, Action<string> log)
{
    private readonly Dictionary<uint, (DomainInfo Domain, bool InitiallyPaused)> _domains = [];
    private readonly Dictionary<uint, int> _net = [];
    private readonly Dictionary<uint, int> _uncertain = []; // +1 per uncertain pause, -1 per uncertain unpause

    public void Track(DomainInfo d)
    {
        _domains.TryAdd(d.Id, (d, d.Paused));
        _net.TryAdd(d.Id, 0);
        _uncertain.TryAdd(d.Id, 0);
    }

    public bool InitiallyPaused(uint id) => _domains[id].InitiallyPaused;

    /// <summary>Our pauses minus our unpauses of the domain that certainly took effect.</summary>
    public int Net(uint id) => _net[id];

    public void Record(uint id, bool pause, OpResult r)
    {
        if (r.Ok) _net[id] += pause ? 1 : -1;
        else if (r.Uncertain) _uncertain[id] += pause ? 1 : -1;
    }

    /// <summary>Restores every tracked domain; returns the problems it could not fix (empty when all is back).</summary>
    public IReadOnlyList<string> RestoreAll()
    {
        var problems = new List<string>();
        foreach (var (id, (domain, initiallyPaused)) in _domains)
        {
            try
            {
                Restore(id, domain, initiallyPaused, problems);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"{Name(domain)}: restoring failed: {e.Message}");
            }
        }

        return problems;
    }

    private void Restore(uint id, DomainInfo domain, bool initiallyPaused, List<string> problems)
    {
        // Undo what certainly happened, one operation per operation.
        var guardLimit = 300;
        while (_net[id] > 0 && guardLimit-- > 0)
        {
            var r = ops.Unpause(domain, CancellationToken.None);
            Record(id, false, r);
            if (!r.Ok && !r.Uncertain) { problems.Add($"{Name(domain)}: restoring unpause failed: {r.Error}"); break; }
            log($"restored: unpaused {Name(domain)}");
        }

        while (_net[id] < 0 && guardLimit-- > 0)
        {
            var r = ops.Pause(domain, CancellationToken.None);
            Record(id, true, r);
            if (!r.Ok && !r.Uncertain) { problems.Add($"{Name(domain)}: restoring pause failed: {r.Error}"); break; }
            log($"restored: paused {Name(domain)} again (it was paused when found)");
        }

        // Operations whose effect is unknown: look at the state.
        var now = ops.States(CancellationToken.None).FirstOrDefault(d => d.Id == id);
        if (now is null)
        {
            problems.Add($"{Name(domain)}: no longer listed; cannot check its state");
            return;
        }

        if (!initiallyPaused && now.Paused && _uncertain[id] > 0)
        {
            var r = ops.Unpause(domain, CancellationToken.None);
            if (r.Ok) { _uncertain[id]--; log($"restored: unpaused {Name(domain)} after an operation that timed out"); }
            now = ops.States(CancellationToken.None).FirstOrDefault(d => d.Id == id) ?? now;
        }
        else if (initiallyPaused && !now.Paused && _uncertain[id] < 0)
        {
            var r = ops.Pause(domain, CancellationToken.None);
            if (r.Ok) { _uncertain[id]++; log($"restored: paused {Name(domain)} again after an operation that timed out"); }
            now = ops.States(CancellationToken.None).FirstOrDefault(d => d.Id == id) ?? now;
        }

        if (now.Paused != initiallyPaused)
        {
            problems.Add(initiallyPaused
                ? $"{Name(domain)} was paused when found and is running now"
                : $"{Name(domain)} was running when found and is still paused (a pause not made by this tool, or one that could not be undone); check with 'xl list' and 'xl unpause {Name(domain)}'");
        }
    }

    private static string Name(DomainInfo d) => d.Name ?? $"domain {d.Id}";
}
