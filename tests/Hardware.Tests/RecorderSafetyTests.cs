using XenSwitchSim.Calibration.Measurements;
using XenSwitchSim.Hardware.Counters;
using XenSwitchSim.Hardware.Recording;
using XenSwitchSim.Hardware.Xen;

namespace XenSwitchSim.Hardware.Tests;

/// <summary>
/// The harness's safety, with a fake xl on the search path: it refuses dom0 and unknown domains,
/// never leaves paused a domain it found running, undoes exactly its own pauses (they nest), and
/// restores on errors, timeouts and cancellation.
/// </summary>
public class RecorderSafetyTests
{
    private static readonly RecordOptions Fast = new()
    {
        Domain = "d1", Op = MeasurementOp.Pause, Runs = 3,
        Hold = TimeSpan.FromMilliseconds(1), Gap = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.Zero,
    };

    private static (Recorder R, List<string> Log) Make(FakeXl xl, RecordOptions o, TimeSpan? timeout = null, Func<IDomainOperations, IDomainOperations>? wrap = null)
    {
        var log = new List<string>();
        IDomainOperations ops = new XlOperations(new XlClient(xl.Runner, timeout ?? TimeSpan.FromSeconds(10)), new StopwatchCounter(), 0, false, 50);
        if (wrap is not null) ops = wrap(ops);
        return (new Recorder(ops, o, log.Add), log);
    }

    [Theory]
    [InlineData("Domain-0")]
    [InlineData("0")]
    public void Refuses_dom0_without_touching_anything(string name)
    {
        using var xl = new FakeXl(("d1", 1, 0));
        var (r, _) = Make(xl, Fast with { Domain = name });
        var e = Assert.Throws<RecordRefusedException>(() => r.Plan());
        Assert.Contains("dom0", e.Message);
        Assert.Empty(xl.Operations);
    }

    [Fact]
    public void Refuses_unknown_domains_naming_the_known_ones()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        var (r, _) = Make(xl, Fast with { Domain = "nosuch" });
        var e = Assert.Throws<RecordRefusedException>(() => r.Plan());
        Assert.Contains("no such domain", e.Message);
        Assert.Contains("d1", e.Message);
        var (r2, _) = Make(xl, Fast with { Op = MeasurementOp.Switch, Standby = "ghost" });
        Assert.Contains("ghost", Assert.Throws<RecordRefusedException>(() => r2.Plan()).Message);
        Assert.Empty(xl.Operations);
    }

    [Fact]
    public void Refuses_to_time_a_pause_of_a_paused_domain_and_a_switch_to_a_running_standby()
    {
        using var xl = new FakeXl(("d1", 1, 1), ("d2", 2, 0), ("d3", 3, 0));
        Assert.Contains("paused", Assert.Throws<RecordRefusedException>(() => Make(xl, Fast).R.Plan()).Message);
        var (r, _) = Make(xl, Fast with { Domain = "d3", Op = MeasurementOp.Switch, Standby = "d2" });
        Assert.Contains("standby", Assert.Throws<RecordRefusedException>(() => r.Plan()).Message);
        Assert.Empty(xl.Operations);
    }

    [Fact]
    public void Pause_runs_alternate_and_leave_the_domain_as_found()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        var (r, _) = Make(xl, Fast);
        var plan = r.Plan();
        Assert.Contains("pause 'd1'", plan);
        var outcome = r.Run(CancellationToken.None);
        Assert.Null(outcome.Aborted);
        Assert.Empty(outcome.Problems);
        Assert.Equal(3, outcome.Runs.Count);
        Assert.All(outcome.Runs, x => Assert.True(x.First.After >= x.First.Before));
        Assert.Equal(["pause d1", "unpause d1", "pause d1", "unpause d1", "pause d1", "unpause d1"], xl.Operations);
        Assert.Equal(0, xl.PauseCount("d1"));
    }

    [Fact]
    public void Unpause_runs_on_a_paused_domain_leave_it_paused_once()
    {
        using var xl = new FakeXl(("d1", 1, 1));
        var (r, _) = Make(xl, Fast with { Op = MeasurementOp.Unpause, Runs = 2 });
        Assert.Contains("unpause 'd1'", r.Plan());
        var outcome = r.Run(CancellationToken.None);
        Assert.Null(outcome.Aborted);
        Assert.Equal(["unpause d1", "pause d1", "unpause d1", "pause d1"], xl.Operations);
        Assert.Equal(1, xl.PauseCount("d1"));
    }

    [Fact]
    public void A_nested_pause_by_someone_else_stops_the_recording_and_keeps_their_pause()
    {
        // d1 was paused twice (by someone else): one unpause leaves it paused.
        using var xl = new FakeXl(("d1", 1, 2));
        var (r, _) = Make(xl, Fast with { Op = MeasurementOp.Unpause });
        r.Plan();
        var outcome = r.Run(CancellationToken.None);
        Assert.Contains("still paused", outcome.Aborted);
        Assert.Equal(2, xl.PauseCount("d1")); // our unpause was undone by one pause, theirs stays
        Assert.Equal(["unpause d1", "pause d1"], xl.Operations);
    }

    [Fact]
    public void A_failing_xl_call_stops_the_recording_and_the_domain_is_restored()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        xl.Misbehave("fail unpause 2");
        var (r, log) = Make(xl, Fast);
        r.Plan();
        var outcome = r.Run(CancellationToken.None);
        Assert.Contains("simulated failure", outcome.Aborted);
        Assert.Empty(outcome.Problems);
        Assert.Equal(0, xl.PauseCount("d1"));
        Assert.Equal(["pause d1", "unpause d1", "pause d1", "unpause d1", "unpause d1"], xl.Operations); // the failed unpause, then the guard's
        Assert.Contains(log, l => l.Contains("restored: unpaused d1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hung_xl_is_killed_after_the_timeout_and_the_domain_is_restored()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        xl.Misbehave("hangafter pause 2"); // the pause takes effect, then xl hangs
        var (r, _) = Make(xl, Fast, timeout: TimeSpan.FromSeconds(1));
        r.Plan();
        var outcome = r.Run(CancellationToken.None);
        Assert.Contains("did not finish", outcome.Aborted);
        Assert.Empty(outcome.Problems);
        Assert.Equal(0, xl.PauseCount("d1"));
    }

    [Fact]
    public void A_hung_xl_that_did_nothing_is_not_undone()
    {
        using var xl = new FakeXl(("d1", 1, 0));
        xl.Misbehave("hang pause 1"); // hangs before acting
        var (r, _) = Make(xl, Fast, timeout: TimeSpan.FromSeconds(1));
        r.Plan();
        var outcome = r.Run(CancellationToken.None);
        Assert.NotNull(outcome.Aborted);
        Assert.Empty(outcome.Problems);
        Assert.Equal(0, xl.PauseCount("d1"));
        Assert.Equal(["pause d1"], xl.Operations); // no unpause of a pause that never happened
    }

    [Fact]
    public void Cancellation_restores_a_switch()
    {
        using var xl = new FakeXl(("d1", 1, 0), ("d2", 2, 1));
        using var cts = new CancellationTokenSource();
        var (r, _) = Make(xl, Fast with { Op = MeasurementOp.Switch, Standby = "d2", Runs = 5 },
            wrap: ops => new CancelAfterFirstPause(ops, cts));
        r.Plan();
        var outcome = r.Run(cts.Token);
        Assert.True(outcome.Cancelled);
        Assert.Single(outcome.Runs);
        Assert.Equal(0, xl.PauseCount("d1"));
        Assert.Equal(1, xl.PauseCount("d2"));
        Assert.Equal(["pause d1", "unpause d2", "pause d2", "unpause d1"], xl.Operations);
    }

    [Fact]
    public void Resident_mechanism_with_a_fake_libxenctrl_restores_after_an_errno()
    {
        var xc = new FakeXenControl();
        xc.Counts[1] = 0;
        xc.FailOn[("pause", 3)] = 13; // EACCES on the third pause
        var log = new List<string>();
        var ops = new ResidentOperations(xc, new Dictionary<uint, string> { [0] = "Domain-0", [1] = "d1" }, new StopwatchCounter());
        var r = new Recorder(ops, Fast with { Runs = 5 }, log.Add);
        Assert.Contains("resident", r.Plan());
        var outcome = r.Run(CancellationToken.None);
        Assert.Contains("EACCES", outcome.Aborted);
        Assert.Equal(2, outcome.Runs.Count);
        Assert.Equal(0, xc.Counts[1]);
        Assert.Equal(["pause 1", "unpause 1", "pause 1", "unpause 1", "pause 1"], xc.Calls);
    }

    [Fact]
    public void Resident_mechanism_refuses_dom0_by_id()
    {
        var xc = new FakeXenControl();
        xc.Counts[1] = 0;
        var ops = new ResidentOperations(xc, new Dictionary<uint, string> { [0] = "Domain-0", [1] = "d1" }, new StopwatchCounter());
        Assert.Throws<RecordRefusedException>(() => new Recorder(ops, Fast with { Domain = "0" }, _ => { }).Plan());
        Assert.Empty(xc.Calls);
    }

    private sealed class CancelAfterFirstPause(IDomainOperations inner, CancellationTokenSource cts) : IDomainOperations
    {
        public string Mechanism => inner.Mechanism;

        public IReadOnlyList<DomainInfo> States(CancellationToken cancel) => inner.States(cancel);

        public OpResult Pause(DomainInfo domain, CancellationToken cancel)
        {
            var r = inner.Pause(domain, cancel);
            cts.Cancel();
            return r;
        }

        public OpResult Unpause(DomainInfo domain, CancellationToken cancel) => inner.Unpause(domain, cancel);
    }
}
