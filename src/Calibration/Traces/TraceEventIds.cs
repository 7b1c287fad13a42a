namespace XenSwitchSim.Calibration.Traces;

/// <summary>
/// Event ids of xen/include/public/trace.h (checked against 4.14 and 4.17) for the classes the
/// simulator cares about. Ids are the 28-bit <c>event</c> field of the record header.
/// </summary>
public static class TraceEventIds
{
    // ---- classes and subclasses ----
    public const uint ClassGen = 0x0001f000;
    public const uint ClassSched = 0x0002f000;
    public const uint ClassDom0Op = 0x0004f000;
    public const uint SchedMin = 0x00021000;
    public const uint SchedClass = 0x00022000;
    public const uint SchedVerbose = 0x00028000;

    // ---- TRC_GEN ----
    public const uint LostRecords = 0x0001f001;
    public const uint WrapBuffer = 0x0001f002;
    public const uint CpuChange = 0x0001f003;
    public const uint TraceIrq = 0x0001f004;

    /// <summary>The exact header word xentrace writes for a CPU-change record: 2 extra words, no TSC.</summary>
    public const uint CpuChangeHeader = 0x2001f003;

    // ---- TRC_SCHED_MIN ----
    /// <summary>Runstate change: <c>0x00021001 | old &lt;&lt; 8 | new &lt;&lt; 4</c>.</summary>
    public const uint RunstateChangeBase = 0x00021001;
    public const uint ContinueRunning = 0x00021002;

    // ---- TRC_SCHED_VERBOSE ----
    public const uint DomAdd = 0x00028001;
    public const uint DomRem = 0x00028002;
    public const uint Sleep = 0x00028003;
    public const uint Wake = 0x00028004;
    public const uint Yield = 0x00028005;
    public const uint Block = 0x00028006;
    public const uint Shutdown = 0x00028007;
    public const uint SchedCtl = 0x00028008;
    public const uint AdjDom = 0x00028009;
    public const uint Switch = 0x0002800a;
    public const uint STimerFn = 0x0002800b;
    public const uint TTimerFn = 0x0002800c;
    public const uint DomTimerFn = 0x0002800d;
    public const uint SwitchInfPrev = 0x0002800e;
    public const uint SwitchInfNext = 0x0002800f;
    public const uint ShutdownCode = 0x00028010;
    public const uint SwitchInfCont = 0x00028011;

    // ---- TRC_SCHED_CLASS: credit1 (scheduler id 0) ----
    public const uint CschedFirst = 0x00022001;
    public const uint CschedLast = 0x0002200b;

    // ---- TRC_SCHED_CLASS: credit2 (scheduler id 1): hypervisor ids, not the shipped `formats` labels ----
    public const uint Csched2Tick = 0x00022201;
    public const uint Csched2RunqPos = 0x00022202;
    public const uint Csched2CreditBurn = 0x00022203;
    public const uint Csched2CreditAdd = 0x00022204;
    public const uint Csched2TickleCheck = 0x00022205;
    public const uint Csched2Tickle = 0x00022206;
    public const uint Csched2CreditReset = 0x00022207;
    public const uint Csched2SchedTasklet = 0x00022208;
    public const uint Csched2UpdateLoad = 0x00022209;
    public const uint Csched2RunqAssign = 0x0002220a;
    public const uint Csched2UpdateUnitLoad = 0x0002220b;
    public const uint Csched2UpdateRunqLoad = 0x0002220c;
    public const uint Csched2TickleNew = 0x0002220d;
    public const uint Csched2RunqMaxWeight = 0x0002220e;
    public const uint Csched2Migrate = 0x0002220f;
    public const uint Csched2LoadCheck = 0x00022210;
    public const uint Csched2LoadBalance = 0x00022211;
    public const uint Csched2PickedCpu = 0x00022213;
    public const uint Csched2RunqCandidate = 0x00022214;
    public const uint Csched2Schedule = 0x00022215;
    public const uint Csched2Ratelimit = 0x00022216;
    public const uint Csched2RunqCandCheck = 0x00022217;

    // ---- TRC_SCHED_CLASS: RTDS (scheduler id 4) ----
    public const uint RtdsFirst = 0x00022801;
    public const uint RtdsLast = 0x00022807;

    // ---- TRC_SCHED_CLASS: null (scheduler id 5) ----
    public const uint NullPickedCpu = 0x00022a01;
    public const uint NullUnitAssign = 0x00022a02;
    public const uint NullUnitDeassign = 0x00022a03;
    public const uint NullMigrate = 0x00022a04;
    public const uint NullSchedule = 0x00022a05;
    public const uint NullTasklet = 0x00022a06;

    // ---- TRC_DOM0OP ----
    public const uint Dom0DomAdd = 0x00041001;
    public const uint Dom0DomRem = 0x00041002;

    /// <summary>DOMID_IDLE: idle vCPUs appear as this domain, with vcpu = pCPU number.</summary>
    public const int IdleDomain = 0x7FFF;

    /// <summary>The runstate-change id for a transition.</summary>
    public static uint RunstateChange(RunState oldState, RunState newState) =>
        RunstateChangeBase | ((uint)oldState << 8) | ((uint)newState << 4);

    /// <summary>
    /// True for a runstate-change id (low nibble 1 in TRC_SCHED_MIN); gives the two states.
    /// Ids whose state nibbles are not 0..3 are not runstate changes.
    /// </summary>
    public static bool TryGetRunstateChange(uint eventId, out RunState oldState, out RunState newState)
    {
        oldState = default;
        newState = default;
        if ((eventId & 0x0ffff00f) != RunstateChangeBase)
        {
            return false;
        }

        uint o = (eventId >> 8) & 0xf;
        uint n = (eventId >> 4) & 0xf;
        if (o > 3 || n > 3)
        {
            return false;
        }

        oldState = (RunState)o;
        newState = (RunState)n;
        return true;
    }
}
